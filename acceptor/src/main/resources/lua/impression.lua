-- Records one view of an item atomically (docs/redis-layout.md, "The impression script"): the item's
-- impression number (it names the event) and one stream entry. The statistics are the processor's,
-- derived from that entry afterwards.
-- KEYS: 1 item hash, 2 events stream
-- ARGV: 1 item id, 2 username, 3 sdk_version, 4 platform, 5 country, 6 session_id, 7 arrival time ts_us
-- A view is a view whatever the item's status: a scheduled or closed item counts impressions too.
local item_key, events_key = KEYS[1], KEYS[2]
local item, user, sdk, platform, country, session, ts_arg = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6], ARGV[7]

if redis.call('EXISTS', item_key) == 0 then
  return {'not_found'}
end

local n = redis.call('HINCRBY', item_key, 'impressions', 1)
local n_str = string.format('%d', n)

-- Format 2 ('v'): the processor derives this entry's views.
redis.call('XADD', events_key, '*', 'type', 'impression', 'event_id', 'impression:' .. item .. ':' .. n_str,
  'item', item, 'user', user, 'sdk_version', sdk, 'platform', platform, 'country', country,
  'session_id', session, 'ts_us', ts_arg, 'v', '2')

return {'ok', n}
