-- Records one view of an item atomically (docs/redis-layout.md, "The impression script").
-- KEYS: 1 item hash, 2 events stream, 3 per-second stats bucket, 4.. statistics counter hashes
-- ARGV: 1 item id, 2 username, 3 sdk_version, 4 platform, 5 country, 6 session_id, 7 arrival time ts_us
-- A view is a view whatever the item's status: a scheduled or closed item counts impressions too.
local item_key, events_key, bucket_key = KEYS[1], KEYS[2], KEYS[3]
local item, user, sdk, platform, country, session, ts_arg = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]

if redis.call('EXISTS', item_key) == 0 then
  return {'not_found'}
end

local n = redis.call('HINCRBY', item_key, 'impressions', 1)
local n_str = string.format('%d', n)

if redis.call('HINCRBY', bucket_key, 'impressions', 1) == 1 then
  redis.call('EXPIRE', bucket_key, 120)
end
for i = 4, #KEYS do
  redis.call('HINCRBY', KEYS[i], 'impressions', 1)
end

redis.call('XADD', events_key, '*', 'type', 'impression', 'event_id', 'impression:' .. item .. ':' .. n_str,
  'item', item, 'user', user, 'sdk_version', sdk, 'platform', platform, 'country', country,
  'session_id', session, 'ts_us', ts_arg)

return {'ok', n}
