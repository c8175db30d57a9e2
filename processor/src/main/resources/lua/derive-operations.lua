-- The operations of a batch's merged view updates (ViewUpdates), shared by derive.lua and
-- derive-target.lua: DeriveScript puts this text in front of each, so both apply them alike.
-- Four arguments each: name, index into KEYS, two operands:
--   incr <k> <field> <delta>   HINCRBY
--   max  <k> <field> <value>   HSET when absent or lower (numbers below 2^53 compare exactly)
--   zmax <k> <score> <member>  ZADD GT
--   ttl  <k> <seconds> -       EXPIRE NX: a time to live from the key's first write
-- The processor checks nothing here that it built itself; an unknown name is a bug and fails the script.
local function apply_operations(first, last)
  for i = first, last, 4 do
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
      error('unknown operation ' .. tostring(op))
    end
  end
end

