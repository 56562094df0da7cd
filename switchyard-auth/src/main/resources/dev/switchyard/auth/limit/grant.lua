-- Admits a batch of one scope set's waiting requests (the key's scope, then its tenant's) in order, each
-- against every limit of every scope, all or nothing per request, stopping at the first that does not
-- fit; then, when all fit, grants up to `units` more requests' worth of credit that the replica spends
-- locally, at most `fraction` of what each limit has left, so that replicas leave each other room.
-- Standalone Redis: keys are built here because the budget keys depend on the UTC day of Redis TIME.
-- ARGV: prefix, grantId, leaseMicros, fraction, units, unitTokens, unitMicros, scopeCount, requestCount,
--       per scope: name, rpm, tpm, maxConcurrent, dailyBudget, monthlyBudget (0 = unlimited),
--       per request: estimatedTokens, worstMicros.
-- Returns {status (1 all admitted, 0 rate limited, 2 budget exhausted, 3 seed needed), day, month,
--          admitted, unitsGranted, retryMicros, failedScopeIndex, failedLimit, now,
--          per scope: rpmRemaining, rpmReset, tpmRemaining, tpmReset, dayUsed, monthUsed}
--          (remaining -1 for a rate the scope does not have, used -1 for a budget it does not have);
-- for 3: {3, day, month, indexes of the scopes whose budget counters are missing}.
-- Concurrency: per scope, a sorted set of grants by lease expiry, a hash of how many slots each still
-- holds and their total; this grant holds admitted + unitsGranted slots.
-- Arguments are checked before anything is written: one out of range (a number Lua reads as inf or nan,
-- a fraction, a value whose products would no longer print as an integer in a later command) refuses
-- the whole call with a SWITCHYARD_BADARG error, instead of failing half way with writes already done
-- (badarg and int come from arguments.lua, which LuaScript puts in front of every script).
local function invalid()
  if not int(3, 1, 1e13) then return badarg(3, 'leaseMicros') end
  local f = tonumber(ARGV[4])
  if not (f and f > 0 and f <= 1) then return badarg(4, 'fraction') end
  if not int(5, 0, 1e5) then return badarg(5, 'units') end
  if not int(6, 0, 1e11) then return badarg(6, 'unitTokens') end
  if not int(7, 0, 1e11) then return badarg(7, 'unitMicros') end
  if not int(8, 0, 64) then return badarg(8, 'scopeCount') end
  if not int(9, 0, 1000) then return badarg(9, 'requestCount') end
  local n, k = tonumber(ARGV[8]), tonumber(ARGV[9])
  if #ARGV ~= 9 + 6 * n + 2 * k then return badarg(9, 'argument count') end
  for i = 1, n do
    local b = 9 + (i - 1) * 6
    if ARGV[b + 1] == '' then return badarg(b + 1, 'scope name') end
    if not int(b + 2, 0, 1e15) then return badarg(b + 2, 'rpm') end
    if not int(b + 3, 0, 1e15) then return badarg(b + 3, 'tpm') end
    if not int(b + 4, 0, 2147483647) then return badarg(b + 4, 'maxConcurrent') end
    if not int(b + 5, 0, 1e15) then return badarg(b + 5, 'dailyBudget') end
    if not int(b + 6, 0, 1e15) then return badarg(b + 6, 'monthlyBudget') end
  end
  for j = 1, k do
    local b = 9 + n * 6 + 2 * j
    if not int(b - 1, 0, 1e11) then return badarg(b - 1, 'estimatedTokens') end
    if not int(b, 0, 1e11) then return badarg(b, 'worstMicros') end
  end
end
local refused = invalid()
if refused then return redis.error_reply(refused) end

local WINDOW = 60000000 -- one minute in microseconds: the GCRA burst tolerance
local SLACK = 1000      -- absorbs float rounding of the stored theoretical arrival times
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

local function civil(days)
  local z = days + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local d = doy - math.floor((153 * mp + 2) / 5) + 1
  local m = mp < 10 and mp + 3 or mp - 9
  local y = yoe + era * 400
  if m <= 2 then y = y + 1 end
  return y, m, d
end
local y, m, d = civil(math.floor(tonumber(t[1]) / 86400))
local day = string.format('%04d-%02d-%02d', y, m, d)
local month = string.format('%04d-%02d', y, m)

local prefix, grantId, leaseMicros = ARGV[1], ARGV[2], tonumber(ARGV[3])
local fraction, units, unitTokens, unitMicros = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local n, k = tonumber(ARGV[8]), tonumber(ARGV[9])

local scopes, missing = {}, {}
for i = 1, n do
  local b = 9 + (i - 1) * 6
  local name = ARGV[b + 1]
  local s = { name = name, rpm = tonumber(ARGV[b + 2]), tpm = tonumber(ARGV[b + 3]), conc = tonumber(ARGV[b + 4]),
    daily = tonumber(ARGV[b + 5]), monthly = tonumber(ARGV[b + 6]),
    rpmKey = prefix .. 'rl:rpm:' .. name, tpmKey = prefix .. 'rl:tpm:' .. name, concKey = prefix .. 'conc:' .. name,
    slotsKey = prefix .. 'conc:n:' .. name, heldKey = prefix .. 'conc:held:' .. name,
    dayKey = prefix .. 'spend:' .. name .. ':d:' .. day, monthKey = prefix .. 'spend:' .. name .. ':m:' .. month,
    reserved = 0 }
  if s.rpm > 0 then s.rint, s.rtat = WINDOW / s.rpm, math.max(tonumber(redis.call('GET', s.rpmKey) or '0'), now) end
  if s.tpm > 0 then s.tint, s.ttat = WINDOW / s.tpm, math.max(tonumber(redis.call('GET', s.tpmKey) or '0'), now) end
  if s.conc > 0 then
    -- Leases of replicas that never gave their slots back (crashed) end here.
    local expired = redis.call('ZRANGEBYSCORE', s.concKey, '-inf', now)
    if #expired > 0 then
      local gone = 0
      for _, g in ipairs(expired) do gone = gone + tonumber(redis.call('HGET', s.slotsKey, g) or '0') end
      redis.call('HDEL', s.slotsKey, unpack(expired))
      redis.call('ZREM', s.concKey, unpack(expired))
      if gone > 0 then redis.call('DECRBY', s.heldKey, gone) end
    end
    s.held = math.max(tonumber(redis.call('GET', s.heldKey) or '0'), 0)
  end
  -- Budget counters come from the durable ledger when missing ('spent' is always set by seed.lua).
  local gone = false
  if s.daily > 0 then
    local c = redis.call('HMGET', s.dayKey, 'spent', 'reserved')
    if not c[1] then gone = true else s.dayUsed = tonumber(c[1]) + tonumber(c[2] or '0') end
  end
  if s.monthly > 0 then
    local c = redis.call('HMGET', s.monthKey, 'spent', 'reserved')
    if not c[1] then gone = true else s.monthUsed = tonumber(c[1]) + tonumber(c[2] or '0') end
  end
  if gone then missing[#missing + 1] = i end
  scopes[i] = s
end
if #missing > 0 then
  local r = { 3, day, month }
  for _, i in ipairs(missing) do r[#r + 1] = i end
  return r
end

-- GCRA: a request of cost c is in when it pushes the theoretical arrival time at most one window
-- ahead. A cost larger than the whole window is let in when the bucket is full (and leaves it in debt)
-- so that a big request is slowed, never locked out.
local function over(tat, interval, cost)
  return (tat - now) + math.min(cost * interval, WINDOW) - WINDOW
end

local status, retry, failedIdx, failedLimit = 1, 0, 0, ''
local function fail(st, i, what, wait)
  -- A budget refusal outranks a rate refusal (waiting does not help); among rate limits the longest wait wins.
  if status == 2 and st ~= 2 then return end
  if st == 2 and status ~= 2 then status, retry, failedIdx, failedLimit = 2, 0, i, what return end
  if st == 0 and (status == 1 or wait > retry) then status, retry, failedIdx, failedLimit = 0, wait, i, what end
end

local admitted = 0
for j = 1, k do
  local tokens, worst = tonumber(ARGV[9 + n * 6 + 2 * j - 1]), tonumber(ARGV[9 + n * 6 + 2 * j])
  for i, s in ipairs(scopes) do
    if s.rpm > 0 then
      local o = over(s.rtat, s.rint, 1)
      if o > SLACK then fail(0, i, 'rpm', o) end
    end
    if s.tpm > 0 then
      local o = over(s.ttat, s.tint, tokens)
      if o > SLACK then fail(0, i, 'tpm', o) end
    end
    if s.conc > 0 and s.held >= s.conc then
      -- When a slot frees is unknown; the earliest lease expiry bounds it, a second is the usual hint.
      local first = redis.call('ZRANGE', s.concKey, 0, 0, 'WITHSCORES')
      fail(0, i, 'concurrent', first[2] and math.min(tonumber(first[2]) - now, 1000000) or 1000000)
    end
    if s.daily > 0 and s.dayUsed >= s.daily then fail(2, i, 'daily', 0) end
    if s.monthly > 0 and s.monthUsed >= s.monthly then fail(2, i, 'monthly', 0) end
  end
  if status ~= 1 then break end
  for _, s in ipairs(scopes) do
    if s.rpm > 0 then s.rtat = s.rtat + s.rint end
    if s.tpm > 0 then s.ttat = s.ttat + tokens * s.tint end
    if s.conc > 0 then s.held = s.held + 1 end
    if s.dayUsed then s.dayUsed = s.dayUsed + worst end
    if s.monthUsed then s.monthUsed = s.monthUsed + worst end
    s.reserved = s.reserved + worst
  end
  admitted = j
end

-- Credit for requests to come: a fraction of what every limit of every scope has left.
local granted = 0
if status == 1 and units > 0 then
  granted = units
  local function cap(left, per)
    if per > 0 then granted = math.min(granted, math.floor(math.max(left, 0) * fraction / per)) end
  end
  for _, s in ipairs(scopes) do
    if s.rpm > 0 then cap((WINDOW - (s.rtat - now)) / s.rint, 1) end
    if s.tpm > 0 then cap((WINDOW - (s.ttat - now)) / s.tint, math.max(unitTokens, 1)) end
    if s.conc > 0 then cap(s.conc - s.held, 1) end
    if s.dayUsed then cap(s.daily - s.dayUsed, math.max(unitMicros, 1)) end
    if s.monthUsed then cap(s.monthly - s.monthUsed, math.max(unitMicros, 1)) end
  end
  if granted > 0 then
    for _, s in ipairs(scopes) do
      if s.rpm > 0 then s.rtat = s.rtat + granted * s.rint end
      if s.tpm > 0 then s.ttat = s.ttat + granted * unitTokens * s.tint end
      if s.conc > 0 then s.held = s.held + granted end
      if s.dayUsed then s.dayUsed = s.dayUsed + granted * unitMicros end
      if s.monthUsed then s.monthUsed = s.monthUsed + granted * unitMicros end
      s.reserved = s.reserved + granted * unitMicros
    end
  end
end

local slots = admitted + granted
if slots > 0 then
  local function store(key, tat)
    redis.call('SET', key, string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
  end
  for _, s in ipairs(scopes) do
    if s.rpm > 0 then store(s.rpmKey, s.rtat) end
    if s.tpm > 0 then store(s.tpmKey, s.ttat) end
    if s.conc > 0 then
      local ttl = math.floor(leaseMicros / 1000) + 1000
      redis.call('ZADD', s.concKey, now + leaseMicros, grantId)
      redis.call('HSET', s.slotsKey, grantId, slots)
      redis.call('INCRBY', s.heldKey, slots)
      redis.call('PEXPIRE', s.concKey, ttl)
      redis.call('PEXPIRE', s.slotsKey, ttl)
      redis.call('PEXPIRE', s.heldKey, ttl)
    end
    if s.dayUsed then redis.call('HINCRBY', s.dayKey, 'reserved', s.reserved) end
    if s.monthUsed then redis.call('HINCRBY', s.monthKey, 'reserved', s.reserved) end
  end
end

local function remaining(tat, interval)
  if not tat then return -1, 0 end
  return math.max(math.floor((WINDOW - (tat - now) + SLACK) / interval), 0), tat
end
local r = { status, day, month, admitted, granted, retry, failedIdx, failedLimit, now }
for _, s in ipairs(scopes) do
  local rr, rt = remaining(s.rtat, s.rint)
  local tr, tt = remaining(s.ttat, s.tint)
  r[#r + 1] = rr
  r[#r + 1] = string.format('%.0f', rt)
  r[#r + 1] = tr
  r[#r + 1] = string.format('%.0f', tt)
  r[#r + 1] = s.dayUsed or -1
  r[#r + 1] = s.monthUsed or -1
end
return r
