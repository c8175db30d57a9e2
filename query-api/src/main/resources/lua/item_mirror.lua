-- Mirrors an item's catalogue fields and rules from MongoDB into its Redis hash (create, and every start).
-- KEYS[1] the item hash, KEYS[2] the partition's closing schedule.
-- ARGV[1] item id, ARGV[2] closes_at_us or '' (none), ARGV[3] the item's revision ('rev', see
-- lua/item_patch.lua; it only ever rises here), ARGV[4] n, then n field/value pairs to set, then the
-- rule fields to remove.
-- closes_at_us only ever moves later here: the bid script may have extended it (soft close), and once a
-- buy-now closed the item (closed_reason) it is left alone. The schedule gets the item's closing time
-- unless the processor already appended its item_closed event (closed_event).
local key = KEYS[1]
local n = tonumber(ARGV[4])
if n > 0 then
  local args = {}
  for i = 5, 4 + 2 * n do
    args[#args + 1] = ARGV[i]
  end
  redis.call('HSET', key, unpack(args))
end
for i = 5 + 2 * n, #ARGV do
  redis.call('HDEL', key, ARGV[i])
end
if tonumber(redis.call('HGET', key, 'rev') or '0') < tonumber(ARGV[3]) then
  redis.call('HSET', key, 'rev', ARGV[3])
end
local closes = ARGV[2]
if closes ~= '' and not redis.call('HGET', key, 'closed_reason') then
  local current = redis.call('HGET', key, 'closes_at_us')
  if not current or tonumber(current) < tonumber(closes) then
    redis.call('HSET', key, 'closes_at_us', closes)
    current = closes
  end
  if redis.call('HEXISTS', key, 'closed_event') == 0 then
    redis.call('ZADD', KEYS[2], current, ARGV[1])
  end
end
return 1
