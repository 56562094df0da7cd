-- Creates missing budget counters from the durable ledger's totals; counters that exist win (another
-- replica seeded first, or requests already counted).
-- ARGV: prefix, day, month, dayTtlSeconds, monthTtlSeconds, scopeCount, then per scope: name, daySpent, monthSpent.
-- Arguments are checked before anything is written: one out of range (a number Lua reads as inf or nan,
-- a fraction, a value whose products would no longer print as an integer in a later command) refuses
-- the whole call with a SWITCHYARD_BADARG error, instead of failing half way with writes already done
-- (badarg and int come from arguments.lua, which LuaScript puts in front of every script).
local function invalid()
  if not string.match(ARGV[2] or '', '^%d%d%d%d%-%d%d%-%d%d$') then return badarg(2, 'day') end
  if not string.match(ARGV[3] or '', '^%d%d%d%d%-%d%d$') then return badarg(3, 'month') end
  if not int(4, 1, 1e9) then return badarg(4, 'dayTtlSeconds') end
  if not int(5, 1, 1e9) then return badarg(5, 'monthTtlSeconds') end
  if not int(6, 0, 1000) then return badarg(6, 'scopeCount') end
  local n = tonumber(ARGV[6])
  if #ARGV ~= 6 + 3 * n then return badarg(6, 'argument count') end
  for i = 1, n do
    local b = 6 + (i - 1) * 3
    if ARGV[b + 1] == '' then return badarg(b + 1, 'scope name') end
    -- Stored as sent and later added to with HINCRBY: plain digits only.
    if not (string.match(ARGV[b + 2], '^%d+$') and int(b + 2, 0, 1e16)) then return badarg(b + 2, 'daySpent') end
    if not (string.match(ARGV[b + 3], '^%d+$') and int(b + 3, 0, 1e16)) then return badarg(b + 3, 'monthSpent') end
  end
end
local refused = invalid()
if refused then return redis.error_reply(refused) end

local prefix, day, month = ARGV[1], ARGV[2], ARGV[3]
local dayTtl, monthTtl, n = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local function seed(key, spent, ttl)
  if redis.call('HSETNX', key, 'spent', spent) == 1 then
    redis.call('HSETNX', key, 'reserved', 0)
    redis.call('EXPIRE', key, ttl)
  end
end
for i = 1, n do
  local b = 6 + (i - 1) * 3
  local name = ARGV[b + 1]
  seed(prefix .. 'spend:' .. name .. ':d:' .. day, ARGV[b + 2], dayTtl)
  seed(prefix .. 'spend:' .. name .. ':m:' .. month, ARGV[b + 3], monthTtl)
end
return 1
