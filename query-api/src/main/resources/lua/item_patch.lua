-- Applies PATCH /items/{item} to the item's Redis hash in one step, so the bid script sees all of it or
-- none of it from its next bid, and the checks hold at the instant of the write.
-- KEYS[1] the item hash, KEYS[2] the partition's closing schedule.
-- ARGV[1] item id, ARGV[2] now (us), ARGV[3] new closes_at_us or '' (unchanged),
-- ARGV[4] '1' when the starting price or the increment changes, ARGV[5] '1' when the rules or closes_at
-- change, ARGV[6] the item's revision this change was made on, ARGV[7] the revision it makes,
-- ARGV[8] n, then n field/value pairs to set, then the rule fields to remove.
-- The revision ('rev', absent = 0) makes a change apply at most once and lets a late copy of it be
-- refused: a change applies only on the revision it was made on, and lua/item_settle.lua moves the
-- revision past a change whose answer was lost, so that change can never apply afterwards.
-- Replies 'ok' (also when this revision is in place already), or why nothing was written: 'missing',
-- 'stale' (the item is at another revision), 'closed', 'bids' (a bid exists), 'not_later'.
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  return 'missing'
end
local rev = tonumber(redis.call('HGET', key, 'rev') or '0')
if rev == tonumber(ARGV[7]) then
  return 'ok'
end
if rev ~= tonumber(ARGV[6]) then
  return 'stale'
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
local n = tonumber(ARGV[8])
if n > 0 then
  local args = {}
  for i = 9, 8 + 2 * n do
    args[#args + 1] = ARGV[i]
  end
  redis.call('HSET', key, unpack(args))
end
for i = 9 + 2 * n, #ARGV do
  redis.call('HDEL', key, ARGV[i])
end
if closes ~= '' then
  redis.call('HSET', key, 'closes_at_us', closes)
  redis.call('ZADD', KEYS[2], closes, ARGV[1])
end
redis.call('HSET', key, 'rev', ARGV[7])
return 'ok'
