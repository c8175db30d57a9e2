-- Issues one share certificate atomically (docs/redis-layout.md, "The certificate script").
-- KEYS: 1 class hash, 2 certificates list, 3 stakeholder index sorted set, 4 events stream
-- ARGV: 1 class code, 2 stakeholder name, 3 amount (shares), 4 username, 5 time ts_us, 6 company
-- The number is taken only once every check has passed, so a refused grant never uses one up:
-- numbers are gap-free. Stored values are the ARGV strings or string.format('%d') of integers,
-- never tostring() of a Lua number (Lua 5.1 may print an exponent form). The entry is of format 2 ('v'),
-- like every write script's since the processor derives the views.
local class_key, certs_key, holder_key, events_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local class, stakeholder, amount_arg, user, ts_arg, company = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local amount = tonumber(amount_arg)

local state = redis.call('HMGET', class_key, 'authorized', 'issued')
if not state[1] then
  return {'not_found'}
end
local remaining = tonumber(state[1]) - tonumber(state[2] or '0')
if amount > remaining then
  return {'denied', remaining}
end

local number = redis.call('HINCRBY', class_key, 'certificates', 1)
redis.call('HINCRBY', class_key, 'issued', amount)
local number_str = string.format('%d', number)
local cert_id = class .. '-' .. number_str
redis.call('RPUSH', certs_key, cjson.encode({number = number_str, stakeholder = stakeholder, amount = amount_arg,
  user = user, ts_us = ts_arg, company = company}))
redis.call('ZADD', holder_key, number, number_str)
redis.call('XADD', events_key, '*', 'type', 'certificate', 'event_id', 'certificate:' .. cert_id,
  'cert_id', cert_id, 'class', class, 'number', number_str, 'stakeholder', stakeholder, 'amount', amount_arg,
  'user', user, 'ts_us', ts_arg, 'v', '2')
return {'ok', number, remaining - amount}
