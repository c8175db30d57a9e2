-- One wrk script for every scenario of bench/run, configured by environment variables so that a
-- scenario and its reference send exactly the same requests (same paths, headers and bodies):
--   BENCH_METHOD      GET, PUT or POST (default PUT)
--   BENCH_PATH        path template; {item}, {user} are replaced (default /items/{item}/bids)
--   BENCH_BODY        body template or empty; {amount}, {item}, {user} are replaced
--   BENCH_ITEMS       how many items, named BENCH_ITEM_PREFIX1..N (default 1)
--   BENCH_ITEM_PREFIX (default bench-item-)
--   BENCH_USERS       how many users, named BENCH_USER_PREFIX1..N (default 1)
--   BENCH_USER_PREFIX (default bench-user-)
--   BENCH_PASSWORD    every bench user's password
--   BENCH_AUTH        user (each request as its user), admin (BENCH_ADMIN "name:password") or none
--   BENCH_HEADERS     extra headers, "Name: value|Name: value"
--   BENCH_RISING_CENTS  when set, the bids-rules load, built so that every bid is accepted under an
--                     increment ladder (steps up to 0.05) with maximum bids from half the users: each wrk
--                     thread bids on its own items only (item i belongs to thread ((i - 1) % BENCH_THREADS) + 1),
--                     one after the other in turn, so two bids on one item are a whole round of the thread's
--                     items apart (far more than its connections have in flight, so they reach the acceptor
--                     in order). In round r every item gets base + r * BENCH_RISING_CENTS; the rounds
--                     alternate between an even-numbered user with a maximum bid ({max} becomes
--                     ', "max_amount": <amount + BENCH_MAX_ABOVE_CENTS>') and an odd-numbered one without
--                     ({max} becomes nothing), a different user each time. With a rise D and a ceiling M
--                     above the amount, each bid reaches the minimum bid (price + step <= the last amount +
--                     M + step <= the next amount) as long as M + step <= D, and then it also leads outright:
--                     no automatic bid (bids-rules: D 1.00, M 0.50). With D + step <= M <= 2 D - step
--                     instead, every bid is still accepted, and each bid without a maximum stays below the
--                     leader's ceiling and is answered by an automatic bid. bids-rising sends the same load
--                     on items without rules, with no {max} in its body: every bid there leads too.
--   BENCH_THREADS     the wrk threads the items are shared out between (BENCH_RISING_CENTS)
-- Requests are built once per thread (a fixed pseudo-random mix, 4096 of them) and replayed in turn,
-- so wrk spends no time building them. done() prints one machine-readable line for the runner.

local b64chars = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

local function base64(data)
  return ((data:gsub('.', function(x)
    local r, byte = '', x:byte()
    for i = 8, 1, -1 do r = r .. (byte % 2 ^ i - byte % 2 ^ (i - 1) > 0 and '1' or '0') end
    return r
  end) .. '0000'):gsub('%d%d%d?%d?%d?%d?', function(x)
    if #x < 6 then return '' end
    local c = 0
    for i = 1, 6 do c = c + (x:sub(i, i) == '1' and 2 ^ (6 - i) or 0) end
    return b64chars:sub(c + 1, c + 1)
  end) .. ({ '', '==', '=' })[#data % 3 + 1])
end

local function env(name, default)
  local value = os.getenv(name)
  if value == nil or value == '' then return default end
  return value
end

local threads = {}
local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set('thread_id', counter)
  table.insert(threads, thread)
end

local requests = {}
local next_request = 1
-- BENCH_RISING_CENTS: this thread's items, each user's headers, and where the thread is in its rounds
local rising_items = {}
local rising_headers = {}
local rising_users = 0
local rising_step = 0
local max_above = 0
local rising_method, rising_path, rising_template, rising_user_prefix
local rising_base = 0
local rising_sent = 0

function init(args)
  local method = env('BENCH_METHOD', 'PUT')
  local path_template = env('BENCH_PATH', '/items/{item}/bids')
  local body_template = env('BENCH_BODY', '')
  local items = tonumber(env('BENCH_ITEMS', '1'))
  local item_prefix = env('BENCH_ITEM_PREFIX', 'bench-item-')
  local users = tonumber(env('BENCH_USERS', '1'))
  local user_prefix = env('BENCH_USER_PREFIX', 'bench-user-')
  local password = env('BENCH_PASSWORD', 'bench-password')
  local auth = env('BENCH_AUTH', 'user')
  local admin = env('BENCH_ADMIN', '')
  local extra = env('BENCH_HEADERS', '')

  math.randomseed(7919 * (thread_id or 1))
  local admin_header = 'Basic ' .. base64(admin)
  local user_headers = {}
  for u = 1, users do
    user_headers[u] = 'Basic ' .. base64(user_prefix .. u .. ':' .. password)
  end
  -- The headers of a request as user u: the extra ones, the credentials, and the body's type.
  local function headers_of(u)
    local headers = {}
    for header in extra:gmatch('[^|]+') do
      local name, value = header:match('^%s*([^:]+):%s*(.-)%s*$')
      if name then headers[name] = value end
    end
    if auth == 'user' then
      headers['Authorization'] = user_headers[u]
    elseif auth == 'admin' then
      headers['Authorization'] = admin_header
    end
    if body_template ~= '' then
      headers['Content-Type'] = 'application/json'
    end
    return headers
  end
  for n = 1, 4096 do
    local u = math.random(users)
    local item = item_prefix .. math.random(items)
    local user = user_prefix .. u
    local headers = headers_of(u)
    local body = nil
    if body_template ~= '' then
      local amount = string.format('%d.%02d', math.random(0, 9999), math.random(0, 99))
      body = body_template:gsub('{amount}', amount):gsub('{item}', item):gsub('{user}', user):gsub('{max}', '')
    end
    local path = path_template:gsub('{item}', item):gsub('{user}', user)
    requests[n] = wrk.format(method, path, headers, body)
  end
  rising_step = tonumber(env('BENCH_RISING_CENTS', '0'))
  if rising_step > 0 then
    if users < 2 then
      error('BENCH_RISING_CENTS needs BENCH_USERS >= 2: users with and without a maximum bid take turns')
    end
    for u = 1, users do
      rising_headers[u] = headers_of(u)
    end
    rising_user_prefix = user_prefix
    local shares = tonumber(env('BENCH_THREADS', '1'))
    local mine = ((thread_id or 1) - 1) % shares
    for i = 1, items do
      if (i - 1) % shares == mine then
        rising_items[#rising_items + 1] = item_prefix .. i
      end
    end
    rising_users = users
  end
  max_above = tonumber(env('BENCH_MAX_ABOVE_CENTS', '50'))
  rising_method, rising_path, rising_template = method, path_template, body_template
  -- Each wrk run (primer, warm-up, measured) starts above where any earlier one could have climbed: the
  -- base rises 10,000.00 a second, far faster than an item's amounts do (1.00 a round of the thread's items).
  rising_base = (os.time() % 10000000) * 1000000
end

local function money(cents)
  return string.format('%d.%02d', math.floor(cents / 100), cents % 100)
end

function request()
  local n = next_request
  next_request = next_request % #requests + 1
  if rising_step == 0 then
    return requests[n]
  end
  local slot = rising_sent % #rising_items
  local round = math.floor(rising_sent / #rising_items)
  rising_sent = rising_sent + 1
  local item = rising_items[slot + 1]
  local cents = rising_base + round * rising_step
  -- Even rounds: an even-numbered user with a maximum bid; odd rounds: an odd-numbered one without.
  local pairs_of_users = math.max(1, math.floor(rising_users / 2))
  local u = 2 * ((round + slot) % pairs_of_users) + (round % 2 == 0 and 2 or 1)
  local max = round % 2 == 0 and (', "max_amount": ' .. money(cents + max_above)) or ''
  local user = rising_user_prefix .. u
  local body = rising_template:gsub('{amount}', money(cents)):gsub('{item}', item):gsub('{user}', user)
      :gsub('{max}', max)
  local path = rising_path:gsub('{item}', item):gsub('{user}', user)
  return wrk.format(rising_method, path, rising_headers[u], body)
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local errors = summary.errors
  io.write(string.format(
    'BENCH requests=%d seconds=%.3f rps=%.1f p50_us=%d p90_us=%d p99_us=%d max_us=%d non2xx=%d connect_err=%d read_err=%d write_err=%d timeouts=%d\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    errors.status, errors.connect, errors.read, errors.write, errors.timeout))
end
