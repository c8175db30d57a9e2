-- Makes one write script idempotent (docs/redis-layout.md, "Idempotency keys"). The acceptor
-- builds the script it runs from this file by putting a write script's text in place of the
-- marker line inside write() below, so the check, the write and the record happen in one atomic run.
-- KEYS: the write's own keys, then last: the idempotency record hash (tagged like the write).
-- ARGV: the write's own arguments, then: the request's fingerprint, the record's lifetime in seconds.
-- A record holds the fingerprint, the write's arguments and its reply, both in MessagePack, so a
-- replay answers exactly what the first request got (the first request's arrival time included).
-- Only a write that succeeded ('ok') is recorded: a refused one changed nothing, a retry may ask again.
local idem_key = KEYS[#KEYS]
local idem_ttl = ARGV[#ARGV]
local idem_fingerprint = ARGV[#ARGV - 1]
KEYS[#KEYS] = nil
ARGV[#ARGV] = nil
ARGV[#ARGV] = nil

local seen = redis.call('HMGET', idem_key, 'fingerprint', 'args', 'reply')
if seen[1] then
  if seen[1] ~= idem_fingerprint then
    return {'idem_conflict'}
  end
  return {'idem_replay', cmsgpack.unpack(seen[2]), cmsgpack.unpack(seen[3])}
end

local write = function()
--@write@
end

local reply = write()
if reply[1] == 'ok' then
  redis.call('HSET', idem_key, 'fingerprint', idem_fingerprint, 'args', cmsgpack.pack(ARGV), 'reply', cmsgpack.pack(reply))
  redis.call('EXPIRE', idem_key, idem_ttl)
end
return reply
