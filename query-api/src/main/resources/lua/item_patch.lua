-- Applies PATCH /items/{item} to the item's Redis hash in one step, so the bid script sees all of it or
-- none of it from its next bid, and the checks hold at the instant of the write.
-- KEYS[1] the item hash, KEYS[2] the partition's closing schedule.
-- ARGV[1] item id, ARGV[2] now (us), ARGV[3] new closes_at_us or '' (unchanged),
-- ARGV[4] '1' when the starting price or the increment changes, ARGV[5] '1' when the rules or closes_at
-- change, ARGV[6] n, then n field/value pairs to set, then the rule fields to remove.
-- Replies 'ok', or why nothing was written: 'missing', 'closed', 'bids' (a bid exists), 'not_later'.
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  return 'missing'
end
local current = redis.call('HGET', key, 'closes_at_us')
local closed = redis.call('HGET', key, 'closed_reason')
  or (current and tonumber(current) <= tonumber(ARGV[2]))
if ARGV[5] == '1' and closed then
  return 'closed'
end
if ARGV[4] == '1' and redis.call('HEXISTS', key, 'seq') == 1 then
  return 'bids'
end
local closes = ARGV[3]
if closes ~= '' and current and tonumber(closes) <= tonumber(current) then
  return 'not_later'
end
local n = tonumber(ARGV[6])
if n > 0 then
  local args = {}
  for i = 7, 6 + 2 * n do
    args[#args + 1] = ARGV[i]
  end
  redis.call('HSET', key, unpack(args))
end
for i = 7 + 2 * n, #ARGV do
  redis.call('HDEL', key, ARGV[i])
end
if closes ~= '' then
  redis.call('HSET', key, 'closes_at_us', closes)
  redis.call('ZADD', KEYS[2], closes, ARGV[1])
end
return 'ok'
