-- Applies, in a partition T, what batches read from other partitions' streams change in T's keys (a
-- user's items, bidstats and statistics live in the user's partition, not the item's), one segment per
-- source partition N, each entry at most once (docs/redis-layout.md, "Derived views"). T's mark hash
-- keeps, per source, field from:<N> = the id of the last entry of N's stream applied to T. A segment
-- covers N's entries after <after> up to <last>; all of N's entries up to <after> are applied to T
-- already (N's own mark passed them only after T had them). So, per segment:
--   from:<N> at or before <after>: apply it, set from:<N> to <last>;
--   from:<N> at or after <last>:   every entry of it is in T already (a replay after a crash): skip it;
--   from:<N> inside it:            the start of it is in T already (another processor's shorter batch):
--                                  apply nothing, answer the mark; the processor merges again from just
--                                  after the mark and sends that.
-- KEYS: 1 T's mark hash, 2.. the keys the operations name (all in T)
-- ARGV: segments, each: N, <after> ('' for the stream's start), <last>, the number of operations n,
--       then n operations (derive-operations.lua)
-- Reply: {'ok', N, mark, N, mark, ...}: the segments applied or skipped need no answer; those whose mark
--        lay inside them are listed with it.

-- Whether stream id a is after stream id b ('' is before every id). Ids are <ms>-<seq>; both parts stay
-- far below 2^53, so Lua's numbers compare them exactly.
local function is_after(a, b)
  if a == '' then
    return false
  end
  if b == '' then
    return true
  end
  local a_ms, a_seq = string.match(a, '^(%d+)-(%d+)$')
  local b_ms, b_seq = string.match(b, '^(%d+)-(%d+)$')
  a_ms, b_ms = tonumber(a_ms), tonumber(b_ms)
  if a_ms ~= b_ms then
    return a_ms > b_ms
  end
  return tonumber(a_seq) > tonumber(b_seq)
end

-- The segments first, so that all marks are read with one HMGET and moved with one HSET: a pass can
-- bring a target a segment from every other partition, and two commands per segment would add up.
local segments, fields = {}, {}
local i = 1
while i <= #ARGV do
  local first = i + 4
  local stop = first + 4 * tonumber(ARGV[i + 3]) - 1
  segments[#segments + 1] = {source = ARGV[i], after = ARGV[i + 1], last = ARGV[i + 2], first = first, stop = stop}
  fields[#fields + 1] = 'from:' .. ARGV[i]
  i = stop + 1
end
if #segments == 0 then
  return {'ok'}
end
local marks = redis.call('HMGET', KEYS[1], unpack(fields))
local reply, moved = {'ok'}, {}
for j, segment in ipairs(segments) do
  local mark = marks[j] or ''
  if not is_after(mark, segment.after) then
    apply_operations(segment.first, segment.stop)
    moved[#moved + 1] = fields[j]
    moved[#moved + 1] = segment.last
  elseif is_after(segment.last, mark) then
    reply[#reply + 1] = segment.source
    reply[#reply + 1] = mark
  end
end
if #moved > 0 then
  redis.call('HSET', KEYS[1], unpack(moved))
end
return reply
