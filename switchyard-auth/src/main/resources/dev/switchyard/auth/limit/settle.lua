-- Gives back what an admitted request held and charges what it really used, once.
-- ARGV: prefix, requestId, tokenDifference (real - estimate), worstMicros, costMicros, day, month ('' = today's),
--       scopeCount,
--       then per scope: name, tpm, hasLease (0/1), daily (0/1), monthly (0/1).
-- Returns 1 when applied, 0 when this request was already settled (or never admitted here).
local WINDOW = 60000000
local prefix, reqId = ARGV[1], ARGV[2]
if redis.call('DEL', prefix .. 'req:' .. reqId) == 0 then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local diff, worst, cost = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local day, month, n = ARGV[6], ARGV[7], tonumber(ARGV[8])
if day == '' then
  -- A blind release after a timed-out admission: it was made moments ago, on today's counters.
  local z = math.floor(tonumber(t[1]) / 86400) + 719468
  local era = math.floor(z / 146097)
  local doe = z - era * 146097
  local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
  local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
  local mp = math.floor((5 * doy + 2) / 153)
  local dd = doy - math.floor((153 * mp + 2) / 5) + 1
  local mm = mp < 10 and mp + 3 or mp - 9
  local yy = yoe + era * 400
  if mm <= 2 then yy = yy + 1 end
  day, month = string.format('%04d-%02d-%02d', yy, mm, dd), string.format('%04d-%02d', yy, mm)
end

-- Counters missing now (flushed, expired) are left alone: the next admission seeds them from the ledger.
local function charge(key)
  if redis.call('EXISTS', key) == 1 then
    redis.call('HINCRBY', key, 'reserved', -worst)
    redis.call('HINCRBY', key, 'spent', cost)
  end
end

for i = 1, n do
  local b = 8 + (i - 1) * 5
  local name, tpm = ARGV[b + 1], tonumber(ARGV[b + 2])
  if tpm > 0 and diff ~= 0 then
    -- More tokens than estimated push the bucket into debt (later requests wait); fewer give some back.
    local key = prefix .. 'rl:tpm:' .. name
    local tat = math.max(tonumber(redis.call('GET', key) or '0'), now)
    local nextTat = math.max(tat + diff * WINDOW / tpm, now)
    redis.call('SET', key, string.format('%.0f', nextTat), 'PX', math.floor((nextTat - now) / 1000) + 1000)
  end
  if ARGV[b + 3] == '1' then redis.call('ZREM', prefix .. 'conc:' .. name, reqId) end
  if ARGV[b + 4] == '1' then charge(prefix .. 'spend:' .. name .. ':d:' .. day) end
  if ARGV[b + 5] == '1' then charge(prefix .. 'spend:' .. name .. ':m:' .. month) end
end
return 1
