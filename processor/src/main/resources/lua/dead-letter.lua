-- Moves one invalid stream entry to its partition's dead-letter stream and acknowledges it, atomically:
-- the entry is dead-lettered only if this call is the one that acknowledges it, so a replay after a
-- crash or a second instance claiming the same entry never dead-letters it twice.
-- KEYS[1] events stream, KEYS[2] dead-letter stream (same partition tag)
-- ARGV: group, entry id, reason, original fields (JSON), at_us, partition, max length
if redis.call('XACK', KEYS[1], ARGV[1], ARGV[2]) == 0 then
  return 0
end
redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[7], '*',
  'stream_id', ARGV[2], 'partition', ARGV[6], 'reason', ARGV[3], 'fields', ARGV[4], 'at_us', ARGV[5])
return 1
