-- Accepts one bid atomically (docs/redis-layout.md, "The bid script"). It does only what must be
-- atomic with the bid: the checks, the sequence, the record, the leader and one stream entry. The
-- entry carries everything the derived views need (a user's items, the bidders, the statistics),
-- which the processor derives from the stream afterwards.
-- KEYS: 1 item hash, 2 bids list, 3 events stream
-- ARGV: 1 item id, 2 username, 3 amount in cents, 4 arrival time ts_us,
--       5 sdk_version, 6 platform, 7 country, 8 session_id (each possibly empty)
-- Numbers are compared with tonumber; stored values are the ARGV strings, never Lua-formatted
-- numbers, because tostring() of a large number in Lua 5.1 gives an exponent form.
local item_key, bids_key, events_key = KEYS[1], KEYS[2], KEYS[3]
local item, user, amount_arg, ts_arg = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local sdk, platform, country, session = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local amount = tonumber(amount_arg)
local ts = tonumber(ts_arg)

if redis.call('EXISTS', item_key) == 0 then
  return {'not_found'}
end

local state = redis.call('HMGET', item_key, 'opens_at_us', 'closes_at_us', 'lead_user', 'lead_amount_cents', 'lead_ts_us')
local opens_at, closes_at, lead_user, lead_amount, lead_ts = state[1], state[2], state[3], state[4], state[5]

if opens_at and tonumber(opens_at) > ts then
  return {'not_open', 'scheduled', opens_at}
end
if closes_at and tonumber(closes_at) <= ts then
  return {'not_open', 'closed', closes_at}
end

local seq = redis.call('HINCRBY', item_key, 'seq', 1)
local seq_str = string.format('%d', seq)
redis.call('RPUSH', bids_key, seq_str .. '|' .. user .. '|' .. amount_arg .. '|' .. ts_arg)

local leading = false
if not lead_user then
  leading = true
else
  local current_amount = tonumber(lead_amount)
  if amount > current_amount or (amount == current_amount and ts < tonumber(lead_ts)) then
    leading = true
  end
end
if leading then
  redis.call('HSET', item_key, 'lead_user', user, 'lead_amount_cents', amount_arg, 'lead_seq', seq_str, 'lead_ts_us', ts_arg)
end

-- Format 2 ('v'): the processor derives this entry's views; nothing above touched them.
redis.call('XADD', events_key, '*', 'type', 'bid', 'event_id', 'bid:' .. item .. ':' .. seq_str,
  'item', item, 'user', user, 'amount_cents', amount_arg, 'seq', seq_str, 'ts_us', ts_arg,
  'sdk_version', sdk, 'platform', platform, 'country', country, 'session_id', session, 'v', '2')

if leading then
  return {'ok', seq, 1}
end
return {'ok', seq, 0}
