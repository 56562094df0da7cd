-- Admission of one request against every limit of its scopes (the key's, then the tenant's), all or nothing.
-- Standalone Redis: keys are built here because the budget keys depend on the UTC day of Redis TIME.
-- ARGV: prefix, requestId, leaseMicros, markerSeconds, estimatedTokens, worstMicros, scopeCount,
--       then per scope: name, rpm, tpm, maxConcurrent, dailyBudget, monthlyBudget (0 = unlimited).
-- Returns {1 admitted | 0 rate limited | 2 budget exhausted | 3 seed needed, day, month, retryMicros,
--          failedScopeIndex, failedLimit, then per scope: rpmRemaining, rpmReset, tpmRemaining, tpmReset};
--          then Redis TIME in microseconds and per scope: daySpentAndReserved, monthSpentAndReserved
--          after this decision (-1 for a budget the scope does not have);
-- for 3, the indexes of the scopes whose budget counters are missing follow the month.
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

local prefix, reqId = ARGV[1], ARGV[2]
local leaseMicros, markerSeconds = tonumber(ARGV[3]), tonumber(ARGV[4])
local tokens, worst, n = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])

local scopes = {}
for i = 1, n do
  local b = 7 + (i - 1) * 6
  local name = ARGV[b + 1]
  scopes[i] = { name = name, rpm = tonumber(ARGV[b + 2]), tpm = tonumber(ARGV[b + 3]),
    conc = tonumber(ARGV[b + 4]), daily = tonumber(ARGV[b + 5]), monthly = tonumber(ARGV[b + 6]),
    rpmKey = prefix .. 'rl:rpm:' .. name, tpmKey = prefix .. 'rl:tpm:' .. name,
    concKey = prefix .. 'conc:' .. name,
    dayKey = prefix .. 'spend:' .. name .. ':d:' .. day, monthKey = prefix .. 'spend:' .. name .. ':m:' .. month }
end

-- Budget counters come from the durable ledger when missing; the caller seeds them and asks again.
local missing = {}
for i, s in ipairs(scopes) do
  if (s.daily > 0 and redis.call('EXISTS', s.dayKey) == 0)
      or (s.monthly > 0 and redis.call('EXISTS', s.monthKey) == 0) then
    missing[#missing + 1] = i
  end
end
if #missing > 0 then
  local r = { 3, day, month }
  for _, i in ipairs(missing) do r[#r + 1] = i end
  return r
end

-- GCRA: one theoretical arrival time (tat) per limit. A cost larger than the whole window is let in
-- when the bucket is full (and leaves it in debt) so that a big request is slowed, never locked out.
local function gcra(key, limit, cost)
  local interval = WINDOW / limit
  local tat = tonumber(redis.call('GET', key) or '0')
  if tat < now then tat = now end
  local capped = math.min(cost * interval, WINDOW)
  local over = (tat - now) + capped - WINDOW
  return { tat = tat, next = tat + cost * interval, ok = over <= SLACK, retry = math.max(over, 0), interval = interval }
end

local status, retry, failedIdx, failedLimit = 1, 0, 0, ''
local function fail(st, i, what, wait)
  -- A budget refusal outranks a rate refusal (waiting does not help); among rate limits the longest wait wins.
  if status == 2 and st ~= 2 then return end
  if st == 2 and status ~= 2 then status, retry, failedIdx, failedLimit = 2, 0, i, what return end
  if st == 0 and (status == 1 or wait > retry) then status, retry, failedIdx, failedLimit = 0, wait, i, what end
end

local rates = {}
for i, s in ipairs(scopes) do
  rates[i] = {}
  if s.rpm > 0 then
    rates[i].rpm = gcra(s.rpmKey, s.rpm, 1)
    if not rates[i].rpm.ok then fail(0, i, 'rpm', rates[i].rpm.retry) end
  end
  if s.tpm > 0 then
    rates[i].tpm = gcra(s.tpmKey, s.tpm, tokens)
    if not rates[i].tpm.ok then fail(0, i, 'tpm', rates[i].tpm.retry) end
  end
  if s.conc > 0 then
    redis.call('ZREMRANGEBYSCORE', s.concKey, '-inf', now)
    if redis.call('ZCARD', s.concKey) >= s.conc then
      -- When a slot frees is unknown; the earliest lease expiry bounds it, a second is the usual hint.
      local first = redis.call('ZRANGE', s.concKey, 0, 0, 'WITHSCORES')
      fail(0, i, 'concurrent', math.min(tonumber(first[2]) - now, 1000000))
    end
  end
  if s.daily > 0 then
    local c = redis.call('HMGET', s.dayKey, 'spent', 'reserved')
    s.dayUsed = tonumber(c[1] or '0') + tonumber(c[2] or '0')
    if s.dayUsed >= s.daily then fail(2, i, 'daily', 0) end
  end
  if s.monthly > 0 then
    local c = redis.call('HMGET', s.monthKey, 'spent', 'reserved')
    s.monthUsed = tonumber(c[1] or '0') + tonumber(c[2] or '0')
    if s.monthUsed >= s.monthly then fail(2, i, 'monthly', 0) end
  end
end

local function store(key, tat)
  redis.call('SET', key, string.format('%.0f', tat), 'PX', math.floor((tat - now) / 1000) + 1000)
end
if status == 1 then
  for i, s in ipairs(scopes) do
    if rates[i].rpm then store(s.rpmKey, rates[i].rpm.next) end
    if rates[i].tpm then store(s.tpmKey, rates[i].tpm.next) end
    if s.conc > 0 then
      redis.call('ZADD', s.concKey, now + leaseMicros, reqId)
      redis.call('PEXPIRE', s.concKey, math.floor(leaseMicros / 1000) + 1000)
    end
    if s.daily > 0 then redis.call('HINCRBY', s.dayKey, 'reserved', worst) end
    if s.monthly > 0 then redis.call('HINCRBY', s.monthKey, 'reserved', worst) end
  end
  -- Settle acts only while this marker exists: idempotent across replicas, and safe to send blindly.
  redis.call('SET', prefix .. 'req:' .. reqId, '1', 'EX', markerSeconds)
end

local function state(g, used)
  if not g then return -1, 0 end
  local tat = used and g.next or g.tat
  return math.max(math.floor((WINDOW - (tat - now) + SLACK) / g.interval), 0), math.max(tat, now)
end
local r = { status, day, month, retry, failedIdx, failedLimit }
for i = 1, n do
  local rr, rt = state(rates[i].rpm, status == 1)
  local tr, tt = state(rates[i].tpm, status == 1)
  r[#r + 1] = rr
  r[#r + 1] = rt
  r[#r + 1] = tr
  r[#r + 1] = tt
end
-- What the shared counters hold now: a replica that loses Redis next starts its local share from here.
r[#r + 1] = now
local taken = status == 1 and worst or 0
for _, s in ipairs(scopes) do
  r[#r + 1] = s.dayUsed and s.dayUsed + taken or -1
  r[#r + 1] = s.monthUsed and s.monthUsed + taken or -1
end
return r
