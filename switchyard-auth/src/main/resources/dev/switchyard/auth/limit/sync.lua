-- Hands Redis what replicas did with their grants since the last sync, once per syncId (a replica
-- sends the same batch again until one reply reaches it): unused request and token credit given back,
-- real token use above (or below) the estimates charged, settled spend turned from reserved into
-- spent, unused budget credit released, free concurrency slots given back (per grant, how many).
-- ARGV: prefix, syncId, markerSeconds, entryCount, then per entry:
--   scopeCount, day (yyyy-mm-dd), month (yyyy-mm), returnedRequests, tokenDelta (+ charges, - gives back),
--   spentMicros, releasedMicros, grantCount, then per grant: grantId, slots given back; then per scope: name, rpm, tpm, conc (0/1),
--   daily (0/1), monthly (0/1).
-- Returns {1, failedScopes, firstError} when applied, 0 when this syncId was applied before.
-- Arguments are checked before anything is written: one out of range (a number Lua reads as inf or nan,
-- a fraction, a value whose products would no longer print as an integer in a later command) refuses
-- the whole call with a SWITCHYARD_BADARG error, instead of failing half way with writes already done
-- (badarg and int come from arguments.lua, which LuaScript puts in front of every script).
local function invalid()
  if not int(3, 1, 1e9) then return badarg(3, 'markerSeconds') end
  if not int(4, 0, 1e6) then return badarg(4, 'entryCount') end
  local i = 5
  for _ = 1, tonumber(ARGV[4]) do
    if not int(i, 0, 64) then return badarg(i, 'scopeCount') end
    -- Empty when the entry owes no spend (its budget flags are then 0).
    if not string.match(ARGV[i + 1] or '-', '^%d%d%d%d%-%d%d%-%d%d$') and ARGV[i + 1] ~= '' then return badarg(i + 1, 'day') end
    if not string.match(ARGV[i + 2] or '-', '^%d%d%d%d%-%d%d$') and ARGV[i + 2] ~= '' then return badarg(i + 2, 'month') end
    if not int(i + 3, -1e11, 1e11) then return badarg(i + 3, 'returnedRequests') end
    if not int(i + 4, -1e11, 1e11) then return badarg(i + 4, 'tokenDelta') end
    if not int(i + 5, -1e16, 1e16) then return badarg(i + 5, 'spentMicros') end
    if not int(i + 6, -1e16, 1e16) then return badarg(i + 6, 'releasedMicros') end
    if not int(i + 7, 0, 1e6) then return badarg(i + 7, 'grantCount') end
    local n, slotCount = tonumber(ARGV[i]), tonumber(ARGV[i + 7])
    for q = 1, slotCount do
      if (ARGV[i + 6 + 2 * q] or '') == '' then return badarg(i + 6 + 2 * q, 'grantId') end
      if not int(i + 7 + 2 * q, 0, 1e9) then return badarg(i + 7 + 2 * q, 'slots') end
    end
    i = i + 8 + 2 * slotCount
    for _ = 1, n do
      if (ARGV[i] or '') == '' then return badarg(i, 'scope name') end
      if not int(i + 1, 0, 1e15) then return badarg(i + 1, 'rpm') end
      if not int(i + 2, 0, 1e15) then return badarg(i + 2, 'tpm') end
      for f = 3, 5 do
        if ARGV[i + f] ~= '0' and ARGV[i + f] ~= '1' then return badarg(i + f, 'flag') end
      end
      i = i + 6
    end
  end
  if i ~= #ARGV + 1 then return badarg(i, 'argument count') end
end
local refused = invalid()
if refused then return redis.error_reply(refused) end

local WINDOW = 60000000
local prefix, syncId, markerSeconds = ARGV[1], ARGV[2], tonumber(ARGV[3])
if not redis.call('SET', prefix .. 'sync:' .. syncId, '1', 'NX', 'EX', markerSeconds) then return 0 end
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

-- A rate's theoretical arrival time moved by delta requests' worth; never before now.
local function shift(key, interval, delta)
  local tat = math.max(tonumber(redis.call('GET', key) or '0'), now)
  local nextTat = math.max(tat + delta * interval, now)
  if nextTat > now then
    redis.call('SET', key, string.format('%.0f', nextTat), 'PX', math.floor((nextTat - now) / 1000) + 1000)
  else
    redis.call('DEL', key)
  end
end
-- A counter missing now (flushed, expired) is left alone: the next grant seeds it from the ledger.
local function charge(key, spent, released)
  if redis.call('EXISTS', key) == 1 then
    if released ~= 0 then redis.call('HINCRBY', key, 'reserved', -released) end
    if spent ~= 0 then redis.call('HINCRBY', key, 'spent', spent) end
  end
end

-- A grant whose lease already ended was taken off the total then; its slots are not counted again.
local function release(scope, grant, count)
  local slotsKey = prefix .. 'conc:n:' .. scope
  if not redis.call('HGET', slotsKey, grant) then return end
  if redis.call('HINCRBY', slotsKey, grant, -count) <= 0 then
    redis.call('HDEL', slotsKey, grant)
    redis.call('ZREM', prefix .. 'conc:' .. scope, grant)
  end
  redis.call('DECRBY', prefix .. 'conc:held:' .. scope, count)
end

-- One scope's part of an entry. The batch carries every tenant's scopes: one that fails here (a key of
-- the wrong type, a bad number) is counted and skipped, and the others are still applied. What it had
-- written before failing stays (scripts do not roll back); the batch is acknowledged, so nothing is
-- applied twice.
local function apply(name, rpm, tpm, conc, daily, monthly, day, month, returned, tokens, spent, released, slots)
  rpm, tpm = tonumber(rpm), tonumber(tpm)
  if rpm > 0 and returned ~= 0 then shift(prefix .. 'rl:rpm:' .. name, WINDOW / rpm, -returned) end
  if tpm > 0 and tokens ~= 0 then shift(prefix .. 'rl:tpm:' .. name, WINDOW / tpm, tokens) end
  if conc == '1' then
    for _, g in ipairs(slots) do release(name, g[1], g[2]) end
  end
  if daily == '1' then charge(prefix .. 'spend:' .. name .. ':d:' .. day, spent, released) end
  if monthly == '1' then charge(prefix .. 'spend:' .. name .. ':m:' .. month, spent, released) end
end

local failed, firstError = 0, ''
local i = 5
for _ = 1, tonumber(ARGV[4]) do
  local n, day, month = tonumber(ARGV[i]), ARGV[i + 1], ARGV[i + 2]
  local returned, tokens = tonumber(ARGV[i + 3]), tonumber(ARGV[i + 4])
  local spent, released, slotCount = tonumber(ARGV[i + 5]), tonumber(ARGV[i + 6]), tonumber(ARGV[i + 7])
  local slots = {}
  for q = 1, slotCount do slots[q] = { ARGV[i + 6 + 2 * q], tonumber(ARGV[i + 7 + 2 * q]) } end
  i = i + 8 + 2 * slotCount
  for _ = 1, n do
    local ok, err = pcall(apply, ARGV[i], ARGV[i + 1], ARGV[i + 2], ARGV[i + 3], ARGV[i + 4], ARGV[i + 5],
      day, month, returned, tokens, spent, released, slots)
    if not ok then
      failed = failed + 1
      if failed == 1 then firstError = type(err) == 'table' and tostring(err.err) or tostring(err) end
    end
    i = i + 6
  end
end
return { 1, failed, firstError }
