-- Applies one batch of a partition's derived views and moves the partition's mark past it, atomically
-- (docs/redis-layout.md, "Derived views"). The batch is applied only if the mark is still where the
-- processor read from: a replay after a crash, or a second processor that read the same entries, finds
-- the mark moved and changes nothing, so every entry is derived exactly once.
-- KEYS: 1 the mark hash (field applied), 2.. the views the batch touches (all in the same partition)
-- ARGV: 1 the mark the batch was read after ('' for the stream's start), 2 the id of its last entry,
--       then operations of four arguments each: name, index into KEYS, two operands:
--         incr <k> <field> <delta>   HINCRBY
--         max  <k> <field> <value>   HSET when absent or lower (numbers below 2^53 compare exactly)
--         zmax <k> <score> <member>  ZADD GT
--         ttl  <k> <seconds> -       EXPIRE NX: a time to live from the key's first write
local mark = redis.call('HGET', KEYS[1], 'applied') or ''
if mark ~= ARGV[1] then
  return {'moved', mark}
end
for i = 3, #ARGV, 4 do
  local op, key, a, b = ARGV[i], KEYS[tonumber(ARGV[i + 1])], ARGV[i + 2], ARGV[i + 3]
  if op == 'incr' then
    redis.call('HINCRBY', key, a, b)
  elseif op == 'max' then
    local current = redis.call('HGET', key, a)
    if not current or tonumber(b) > tonumber(current) then
      redis.call('HSET', key, a, b)
    end
  elseif op == 'zmax' then
    redis.call('ZADD', key, 'GT', a, b)
  elseif op == 'ttl' then
    redis.call('EXPIRE', key, a, 'NX')
  else
    return redis.error_reply('unknown operation ' .. op)
  end
end
redis.call('HSET', KEYS[1], 'applied', ARGV[2])
return {'ok'}
