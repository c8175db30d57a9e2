-- Applies one batch of a partition's derived views and moves the partition's mark past it, atomically
-- (docs/redis-layout.md, "Derived views"). The batch is applied only if the mark is still where the
-- processor read from: a replay after a crash, or a second processor that read the same entries, finds
-- the mark moved and changes nothing, so every entry is derived exactly once. The batch's updates of
-- other partitions' keys (a user's items and statistics, in the user's partition) were applied before,
-- by derive-target.lua there; this script runs only once they all were.
-- KEYS: 1 the mark hash (field applied), 2.. the views the batch touches (all in the same partition)
-- ARGV: 1 the mark the batch was read after ('' for the stream's start), 2 the id of its last entry,
--       then the operations (derive-operations.lua)
local mark = redis.call('HGET', KEYS[1], 'applied') or ''
if mark ~= ARGV[1] then
  return {'moved', mark}
end
apply_operations(3, #ARGV)
redis.call('HSET', KEYS[1], 'applied', ARGV[2])
return {'ok'}
