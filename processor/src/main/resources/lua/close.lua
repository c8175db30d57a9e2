-- Closes one item whose time has come: appends its item_closed event, marks the item and takes it off
-- the closing schedule, atomically (docs/redis-layout.md, "Closing (the processor)"). Either all three
-- happen or none does, so a processor killed at any point, a replay, or two processors racing over the
-- same schedule append the event exactly once: whoever runs second finds `closed_event` set.
-- KEYS: 1 the item hash, 2 the partition's closing schedule, 3 the partition's event stream (one slot)
-- ARGV: 1 the item id, 2 the cut-off in µs: the item closes only if its closes_at_us is at or below it
--       (the processor's clock, a little in the past, see ClosePass)
-- Reply: {'closed', stream id, closes_at_us} | {'already', stream id} | {'moved', closes_at_us} | {'open'}
local item = ARGV[1]
local f = redis.call('HMGET', KEYS[1], 'closes_at_us', 'closed_event', 'lead_user', 'price_cents',
  'lead_amount_cents', 'rule_reserve_cents', 'closed_reason')
local closes_at, closed_event, lead_user, price, lead_amount, reserve, closed_reason =
  f[1], f[2], f[3], f[4], f[5], f[6], f[7]

if closed_event then
  redis.call('ZREM', KEYS[2], item)
  return {'already', closed_event}
end
if not closes_at then
  -- The item is gone, or never closes (closes_at removed): nothing to announce.
  redis.call('ZREM', KEYS[2], item)
  return {'open'}
end
if tonumber(closes_at) > tonumber(ARGV[2]) then
  -- An extension moved closes_at after the schedule was read: wait for the new time.
  redis.call('ZADD', KEYS[2], closes_at, item)
  return {'moved', closes_at}
end

local winner = lead_user or ''
-- A v1 item has no price_cents: its price is the leader's amount.
if not price and lead_user then
  price = lead_amount
end
price = price or ''
local reserve_met = ''
if reserve then
  if price ~= '' and tonumber(price) >= tonumber(reserve) then
    reserve_met = '1'
  else
    reserve_met = '0'
  end
end
local reason = 'time'
if closed_reason == 'buy_now' then
  reason = 'buy_now'
end
local result = 'no_sale'
if winner ~= '' and reserve_met ~= '0' then
  result = 'sold'
end

local id = redis.call('XADD', KEYS[3], '*', 'type', 'item_closed', 'v', '2', 'event_id', 'item_closed:' .. item,
  'item', item, 'ts_us', closes_at, 'winner', winner, 'price_cents', price, 'reserve_met', reserve_met,
  'reason', reason, 'result', result)
redis.call('HSET', KEYS[1], 'closed_event', id)
redis.call('ZREM', KEYS[2], item)
return {'closed', id, closes_at}
