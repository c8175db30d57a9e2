-- Settles a PATCH /items/{item} whose answer from Redis was lost (lua/item_patch.lua): says whether it
-- applied, and if it did not, makes sure it never will.
-- KEYS[1] the item hash.
-- ARGV[1] the revision the change was made on, ARGV[2] the revision it makes, ARGV[3] the fence: a
-- revision above both, which the item takes when the change did not apply, so a copy of it that is
-- still on its way finds the item at another revision and writes nothing.
-- Replies 'applied', 'fenced:<revision>' (it did not apply and never will; the item's revision now, the
-- fence or a higher one Redis held already) or 'missing' (Redis has no such item).
local key = KEYS[1]
if redis.call('EXISTS', key) == 0 then
  return 'missing'
end
local rev = tonumber(redis.call('HGET', key, 'rev') or '0')
if rev == tonumber(ARGV[2]) then
  return 'applied'
end
if rev < tonumber(ARGV[3]) then
  redis.call('HSET', key, 'rev', ARGV[3])
  return 'fenced:' .. ARGV[3]
end
return 'fenced:' .. string.format('%d', rev)
