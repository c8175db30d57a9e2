-- Accepts one bid atomically (docs/redis-layout.md, "The bid script"). It does only what must be
-- atomic with the bid: the checks, every auction rule (starting price, increments, maximum bids and
-- the automatic bid, reserve, buy-now, soft close), the sequence, the record, the leader and the
-- stream entries. The entries carry everything the derived views need, which the processor derives.
-- KEYS: 1 item hash, 2 bids list, 3 events stream, 4 standings hash (secret), 5 closing schedule
-- ARGV: 1 item id, 2 username, 3 amount in cents, 4 arrival time ts_us,
--       5 sdk_version, 6 platform, 7 country, 8 session_id (each possibly empty),
--       9 max_amount in cents (empty: none, the ceiling is the amount)
-- Money is integer cents below 2^53, so a Lua number compares it exactly; every number written back is
-- formatted with %d, because tostring() of a large number in Lua 5.1 gives an exponent form.
-- Decimal text becomes a number with "+ 0": one conversion, where tonumber() makes two (it first asks
-- whether the text is a number, then converts it). Every such text here is a plain integer written by
-- the acceptor or by this script, so the two agree.
-- A ceiling is written to the standings hash only: never to the item, the list, the stream or a reply.
local item_key, bids_key, events_key, standing_key, closing_key = KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5]
local item, user, amount_arg, ts_arg = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local sdk, platform, country, session = ARGV[5], ARGV[6], ARGV[7], ARGV[8]
local amount = amount_arg + 0
local ceiling_asked, ceiling_asked_str = amount, amount_arg
if ARGV[9] and ARGV[9] ~= '' then
  local asked = ARGV[9] + 0
  if asked > amount then
    ceiling_asked, ceiling_asked_str = asked, ARGV[9]
  end
end
local SECOND = ':second'
local MICROS = 1000000

if redis.call('EXISTS', item_key) == 0 then
  return {'not_found'}
end

local state = redis.call('HMGET', item_key, 'opens_at_us', 'closes_at_us', 'closed_reason', 'lead_user',
  'lead_amount_cents', 'price_cents', 'rule_start_cents', 'rule_increment', 'rule_reserve_cents',
  'rule_buy_now_cents', 'rule_window_s', 'rule_extend_s', 'rule_hard_close_at_us', 'closed_event', 'lead_ts_us', 'seq')
local opens_at, closes_at_arg, closed_reason, prev_leader = state[1], state[2], state[3], state[4]
-- The processor appends item_closed a moment after closes_at (a grace for bids already in flight): from
-- then on the result is published, so a bid that reaches Redis later is refused whatever its arrival time.
local closed_event = state[14]
local closes_at = closes_at_arg and closes_at_arg + 0
-- The arrival time as a number only when the item has a time to compare it with (converting its 16
-- digits is one of the dearer steps here); a tie below converts it where it needs it.
local ts = (opens_at or closes_at) and ts_arg + 0

if opens_at and opens_at + 0 > ts then
  return {'not_open', 'scheduled', opens_at}
end
if closes_at and (closes_at <= ts or closed_reason or closed_event) then
  return {'not_open', 'closed', closes_at_arg}
end

-- The v1 path: an item with no rule at all, no ceiling ever (no standings hash) and a bid without one.
-- There the contract's rule is v1's: the highest amount leads, the earliest (by ts, then seq) among
-- equal ones; the price is the leader's amount, the minimum bid 0, and nothing is ever automatic. It
-- costs Redis what the slim v1 script did. The first ceiling or rule moves the item to the full path
-- below for good, which first rebuilds the standings from the bids list.
local no_rules = not (state[7] or state[8] or state[9] or state[10] or state[11] or state[13])
if no_rules and ceiling_asked == amount and redis.call('EXISTS', standing_key) == 0 then
  local lead_amount = state[5] and tonumber(state[5])
  local takes = not prev_leader or amount > lead_amount or (amount == lead_amount and ts_arg + 0 < tonumber(state[15]))
  local seq = redis.call('HINCRBY', item_key, 'seq', 1)
  local seq_str = string.format('%d', seq)
  local leader, price_str = prev_leader, state[5]
  local displaced = ''
  if takes then
    leader, price_str = user, amount_arg
    if prev_leader and prev_leader ~= user then
      displaced = prev_leader
    end
    redis.call('HSET', item_key, 'lead_user', user, 'lead_amount_cents', amount_arg, 'lead_seq', seq_str,
      'lead_ts_us', ts_arg, 'price_cents', amount_arg, 'min_bid_cents', '0')
  end
  local leading = leader == user and '1' or '0'
  redis.call('RPUSH', bids_key, seq_str .. '|' .. user .. '|' .. amount_arg .. '|' .. ts_arg .. '||' .. price_str
    .. '|' .. leading)
  -- No rule means no soft close here, so this bid never moves closes_at: closes_at_us stays empty.
  redis.call('XADD', events_key, '*', 'type', 'bid', 'event_id', 'bid:' .. item .. ':' .. seq_str,
    'item', item, 'user', user, 'amount_cents', amount_arg, 'seq', seq_str, 'ts_us', ts_arg,
    'sdk_version', sdk, 'platform', platform, 'country', country, 'session_id', session, 'v', '2',
    'auto', '0', 'price_cents', price_str, 'leading', leading, 'closes_at_us', '', 'displaced', displaced)
  return {'ok', seq, tonumber(leading), price_str, '0', closes_at_arg or '', 'open', 0, amount_arg}
end

-- An item mirrored before the rules existed has a leader but no price: its price is the leader's amount.
local prev_price_str = state[6] or state[5]
local prev_price = prev_price_str and prev_price_str + 0
local reserve = state[9] and state[9] + 0
local buy_now = state[10] and state[10] + 0
local window, extend = state[11] and state[11] + 0, state[12] and state[12] + 0
local hard_close = state[13] and state[13] + 0

-- Each closure the script creates costs every call that runs it (callgrind: about 1,200 instructions
-- apiece, its collection included), so the rules path has one function, step_at; the rest is written out
-- where it is used.
-- The ladder 'from:step,...', ascending from 0: step(x) is the step of the highest from not above x.
-- Read only when the item has one, into one flat list from, step, from, step...; without a positive
-- step every step is 0.
local ladder = nil
local has_increment = false
if state[8] then
  ladder = {}
  for from, step in string.gmatch(state[8], '(%d+):(%d+)') do
    ladder[#ladder + 1] = from + 0
    step = step + 0
    ladder[#ladder + 1] = step
    if step > 0 then
      has_increment = true
    end
  end
end
local function step_at(x)
  local step = 0
  if has_increment then
    for i = 1, #ladder, 2 do
      if ladder[i] > x then
        break
      end
      step = ladder[i + 1]
    end
  end
  return step
end

local buying = buy_now and amount >= buy_now and (not prev_price or prev_price < buy_now)
if not buying then
  local minimum = state[7] and state[7] + 0 or 0
  if prev_price and has_increment then
    minimum = prev_price + step_at(prev_price)
  end
  if amount < minimum then
    return {'too_low', string.format('%d', minimum)}
  end
end

-- Standings: firm|ceiling|reached_seq|reached_ts|firm_seq|firm_ts. A standing is read into its firm
-- amount and ceiling, as numbers and as their text, and its two 'seq|ts' pairs as text: "reach" (when
-- the ceiling was first reached) and "held" (which recorded bid holds the firm amount). The pairs are
-- read as numbers only to break a tie, and a standing is written back from the texts, so nothing is
-- formatted twice. "Earlier" is by ts, then seq.
local STANDING = '^(%-?%d+)|(%-?%d+)|(%d+|%d+)|(%d+|%d+)$'
local PAIR = '^(%d+)|(%d+)$'
local lead_other = prev_leader and prev_leader ~= user
local stored = redis.call('HMGET', standing_key, user, lead_other and prev_leader or user, SECOND)

-- An item the v1 path kept (bids, no standings): every bidder's standing is rebuilt once from the bids
-- list (no ceiling was ever given there, so each ceiling is the bidder's best amount, reached by the
-- bid that first reached it), and the runner-up's ceiling with it; from then on they are kept. Once they
-- are kept the leader's standing is among them, so only a leader without one asks whether they exist.
if prev_leader and not stored[2] and redis.call('EXISTS', standing_key) == 0 then
  local best = {}
  for _, entry in ipairs(redis.call('LRANGE', bids_key, 0, -1)) do
    local s_str, u, a_str, t_str = string.match(entry, '^(%d+)|([^|]+)|(%d+)|(%d+)')
    local s_n, a, t = tonumber(s_str), tonumber(a_str), tonumber(t_str)
    local b = best[u]
    if not b or a > b.firm or (a == b.firm and (t < b.firm_ts or (t == b.firm_ts and s_n < b.firm_seq))) then
      best[u] = {firm = a, ceiling = a, reach_seq = s_n, reach_ts = t, firm_seq = s_n, firm_ts = t}
    end
  end
  local fields = {}
  local runner_up = -1
  for u, b in pairs(best) do
    fields[#fields + 1] = u
    fields[#fields + 1] = string.format('%d|%d|%d|%d|%d|%d', b.firm, b.ceiling, b.reach_seq, b.reach_ts,
      b.firm_seq, b.firm_ts)
    if u ~= prev_leader and b.ceiling > runner_up then
      runner_up = b.ceiling
    end
  end
  fields[#fields + 1] = SECOND
  fields[#fields + 1] = string.format('%d', runner_up)
  redis.call('HSET', standing_key, unpack(fields))
  stored = redis.call('HMGET', standing_key, user, lead_other and prev_leader or user, SECOND)
end

-- A leader from before the standings existed has none: its recorded amount is its ceiling, reached and
-- held by its recorded bid.
if prev_leader and not stored[2] then
  local old = redis.call('HMGET', item_key, 'lead_amount_cents', 'lead_seq', 'lead_ts_us')
  local a, pair = string.format('%d', tonumber(old[1])), string.format('%d|%d', tonumber(old[2]), tonumber(old[3]))
  stored[2] = a .. '|' .. a .. '|' .. pair .. '|' .. pair
  if not lead_other then
    stored[1] = stored[2]
  end
end

local mine
if stored[1] then
  local firm, ceiling, reach, held = string.match(stored[1], STANDING)
  mine = {firm = firm + 0, firm_str = firm, ceiling = ceiling + 0, ceiling_str = ceiling, reach = reach, held = held}
else
  -- No standing yet: this bid sets every part of it below.
  mine = {firm = -1, ceiling = -1}
end
local second_str = stored[3] or '-1'
local second = second_str + 0
local leader_standing = nil
if lead_other then
  local firm, ceiling, reach, held = string.match(stored[2], STANDING)
  leader_standing = {firm = firm + 0, firm_str = firm, ceiling = ceiling + 0, ceiling_str = ceiling, reach = reach,
    held = held}
end

-- The sequence is read with the item's state and written with the leader below, one call fewer than an HINCRBY.
local seq = (state[16] or 0) + 1
local seq_str = string.format('%d', seq)
-- This bid's 'seq|ts' pair. Its seq is after every recorded one, so it is earlier than a stored pair
-- only by ts.
local now = seq_str .. '|' .. ts_arg
local recorded, recorded_str = amount, amount_arg
if buying then
  recorded, recorded_str = buy_now, state[10]
end

if recorded > mine.firm or (recorded == mine.firm
    and ts_arg + 0 < select(2, string.match(mine.held, PAIR)) + 0) then
  mine.firm, mine.firm_str, mine.held = recorded, recorded_str, now
end
local ceiling, ceiling_str = recorded, recorded_str
if ceiling_asked > recorded then
  ceiling, ceiling_str = ceiling_asked, ceiling_asked_str
end
if ceiling > mine.ceiling or (ceiling == mine.ceiling
    and ts_arg + 0 < select(2, string.match(mine.reach, PAIR)) + 0) then
  mine.ceiling, mine.ceiling_str, mine.reach = ceiling, ceiling_str, now
end

-- The leader: the highest ceiling, the earliest to reach it among equals. Only the leader's and the
-- runner-up's ceilings matter, and ceilings only grow, so the runner-up's ceiling is kept, not searched.
local leader, lead = user, mine
local stored_second = second
if lead_other then
  local takes = buying or mine.ceiling > leader_standing.ceiling
  if not takes and mine.ceiling == leader_standing.ceiling then
    local seq1, ts1 = string.match(mine.reach, PAIR)
    local seq2, ts2 = string.match(leader_standing.reach, PAIR)
    ts1, ts2 = ts1 + 0, ts2 + 0
    takes = ts1 < ts2 or (ts1 == ts2 and seq1 + 0 < seq2 + 0)
  end
  local behind = mine
  if takes then
    behind = leader_standing
  else
    leader, lead = prev_leader, leader_standing
  end
  if behind.ceiling > second then
    second, second_str = behind.ceiling, behind.ceiling_str
  end
end

-- The price: the leader's firm amount, or min(leader's ceiling, runner-up + step(runner-up)) if larger;
-- at least the reserve once the leader's ceiling reaches it. Its text is a text already at hand unless
-- it is runner-up + step.
local price, price_str
if buying then
  price, price_str = buy_now, state[10]
else
  price, price_str = lead.firm, lead.firm_str
  if second >= 0 then
    local bound = second + step_at(second)
    if bound >= lead.ceiling then
      if lead.ceiling > price then
        price, price_str = lead.ceiling, lead.ceiling_str
      end
    elseif bound > price then
      price, price_str = bound, nil
    end
  end
  if reserve and lead.ceiling >= reserve and price < reserve then
    price, price_str = reserve, state[9]
  end
  price_str = price_str or string.format('%d', price)
end
local changed = leader ~= prev_leader or price ~= prev_price
local leading = leader == user and '1' or '0'
-- The bid is recorded with what its stream entry carries (the price after it, whether its user leads), so
-- a reader of the list alone can replay the bids as the stream announced them.
-- An automatic bid follows it in the same RPUSH.
local record = seq_str .. '|' .. user .. '|' .. recorded_str .. '|' .. ts_arg .. '||' .. price_str .. '|' .. leading
local auto_seq, auto_str = 0, nil
if changed and price > lead.firm then
  auto_seq = seq + 1
  auto_str = string.format('%d', auto_seq)
  lead.firm, lead.firm_str, lead.held = price, price_str, auto_str .. '|' .. ts_arg
  redis.call('RPUSH', bids_key, record, auto_str .. '|' .. leader .. '|' .. price_str .. '|' .. ts_arg .. '|auto|'
    .. price_str .. '|1')
else
  redis.call('RPUSH', bids_key, record)
end

-- Only what changed: the bidder's standing always, the leader's after an automatic bid, the runner-up's ceiling.
local standings = {user, mine.firm_str .. '|' .. mine.ceiling_str .. '|' .. mine.reach .. '|' .. mine.held}
if leader ~= user and auto_seq > 0 then
  standings[#standings + 1] = leader
  standings[#standings + 1] = lead.firm_str .. '|' .. lead.ceiling_str .. '|' .. lead.reach .. '|' .. lead.held
end
if second ~= stored_second then
  standings[#standings + 1] = SECOND
  standings[#standings + 1] = second_str
end
redis.call('HSET', standing_key, unpack(standings))

-- The minimum bid after the price: the starting price (its own text) unless there is an increment.
local min_bid_str = state[7] or '0'
if has_increment then
  min_bid_str = string.format('%d', price + step_at(price))
end
-- The leader's recorded bid is this bid or its automatic bid, unless the leader held it before.
local lead_seq, lead_ts = auto_str or seq_str, ts_arg
if lead.held ~= now and auto_seq == 0 then
  lead_seq, lead_ts = string.match(lead.held, PAIR)
end
redis.call('HSET', item_key, 'lead_user', leader, 'lead_amount_cents', lead.firm_str, 'lead_seq', lead_seq,
  'lead_ts_us', lead_ts, 'price_cents', price_str, 'min_bid_cents', min_bid_str, 'seq', auto_str or seq_str)

local status = 'open'
local closes_at_out = closes_at_arg or ''
-- Set only when this bid moved closes_at by the soft-close rule (not by a buy-now, which closes the item).
local extended_to = ''
if buying then
  status = 'closed'
  closes_at_out = ts_arg
  redis.call('HSET', item_key, 'closes_at_us', ts_arg, 'closed_reason', 'buy_now')
  redis.call('ZADD', closing_key, ts_arg, item)
elseif changed and closes_at and window and extend and closes_at - ts < window * MICROS then
  local moved = ts + extend * MICROS
  if hard_close and moved > hard_close then
    moved = hard_close
  end
  if moved > closes_at then
    closes_at_out = string.format('%d', moved)
    extended_to = closes_at_out
    redis.call('HSET', item_key, 'closes_at_us', closes_at_out)
    redis.call('ZADD', closing_key, 'XX', closes_at_out, item)
  end
end

-- Format 2 ('v'): the processor derives this entry's views; nothing above touched them. 'displaced' names
-- the user this bid's user took the lead from; the automatic bid's entry leaves both new fields empty,
-- because the bid it follows already said whether the lead passed and whether closes_at moved.
local displaced = ''
if lead_other and leader == user then
  displaced = prev_leader
end
redis.call('XADD', events_key, '*', 'type', 'bid', 'event_id', 'bid:' .. item .. ':' .. seq_str,
  'item', item, 'user', user, 'amount_cents', recorded_str, 'seq', seq_str, 'ts_us', ts_arg,
  'sdk_version', sdk, 'platform', platform, 'country', country, 'session_id', session, 'v', '2',
  'auto', '0', 'price_cents', price_str, 'leading', leading, 'closes_at_us', extended_to, 'displaced', displaced)
if auto_seq > 0 then
  redis.call('XADD', events_key, '*', 'type', 'bid', 'event_id', 'bid:' .. item .. ':' .. auto_str,
    'item', item, 'user', leader, 'amount_cents', price_str, 'seq', auto_str, 'ts_us', ts_arg,
    'sdk_version', '', 'platform', '', 'country', '', 'session_id', '', 'v', '2',
    'auto', '1', 'price_cents', price_str, 'leading', '1', 'closes_at_us', '', 'displaced', '')
end

return {'ok', seq, tonumber(leading), price_str, min_bid_str, closes_at_out, status, auto_seq, recorded_str}
