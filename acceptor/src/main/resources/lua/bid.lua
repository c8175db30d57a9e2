-- Accepts one bid atomically (docs/redis-layout.md, "The bid script").
-- KEYS: 1 item hash, 2 bids list, 3 user items sorted set, 4 user bidstats hash, 5 events stream,
--       6 item bidders sorted set, 7 per-second stats bucket, 8.. statistics counter hashes
-- ARGV: 1 item id, 2 username, 3 amount in cents, 4 arrival time ts_us
-- Numbers are compared with tonumber; stored values are the ARGV strings, never Lua-formatted
-- numbers, because tostring() of a large number in Lua 5.1 gives an exponent form.
local item_key, bids_key, user_items_key, bidstats_key, events_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local item, user, amount_arg, ts_arg = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
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

redis.call('ZADD', user_items_key, 'GT', ts_arg, item)
redis.call('HINCRBY', bidstats_key, item .. '|count', 1)
local stats = redis.call('HMGET', bidstats_key, item .. '|best', item .. '|last')
if not stats[1] or amount > tonumber(stats[1]) then
  redis.call('HSET', bidstats_key, item .. '|best', amount_arg)
end
if not stats[2] or ts > tonumber(stats[2]) then
  redis.call('HSET', bidstats_key, item .. '|last', ts_arg)
end

-- Statistics and recent items: the item's bidders by last bid time; every counter of this write.
redis.call('ZADD', KEYS[6], 'GT', ts_arg, user)
if redis.call('HINCRBY', KEYS[7], 'bids', 1) == 1 then
  redis.call('EXPIRE', KEYS[7], 120)
end
for i = 8, #KEYS do
  redis.call('HINCRBY', KEYS[i], 'bids', 1)
end

redis.call('XADD', events_key, '*', 'type', 'bid', 'event_id', 'bid:' .. item .. ':' .. seq_str,
  'item', item, 'user', user, 'amount_cents', amount_arg, 'seq', seq_str, 'ts_us', ts_arg)

if leading then
  return {'ok', seq, 1}
end
return {'ok', seq, 0}
