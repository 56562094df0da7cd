-- Adds spend settled locally while Redis was unreachable to the shared budget counters.
-- ARGV: prefix, then per entry: scope, day (yyyy-mm-dd), month (yyyy-mm), micros.
-- A counter that no longer exists is left alone: it will be seeded from the durable totals, which the
-- usage ledger has been writing all along, so adding here would count the spend twice.
-- Arguments are checked before anything is written: one out of range (a number Lua reads as inf or nan,
-- a fraction, a value whose products would no longer print as an integer in a later command) refuses
-- the whole call with a SWITCHYARD_BADARG error, instead of failing half way with writes already done
-- (badarg and int come from arguments.lua, which LuaScript puts in front of every script).
local function invalid()
  if #ARGV < 1 or (#ARGV - 1) % 4 ~= 0 then return badarg(1, 'argument count') end
  for i = 2, #ARGV, 4 do
    if ARGV[i] == '' then return badarg(i, 'scope') end
    if not string.match(ARGV[i + 1], '^%d%d%d%d%-%d%d%-%d%d$') then return badarg(i + 1, 'day') end
    if not string.match(ARGV[i + 2], '^%d%d%d%d%-%d%d$') then return badarg(i + 2, 'month') end
    if not int(i + 3, 0, 1e16) then return badarg(i + 3, 'micros') end
  end
end
local refused = invalid()
if refused then return redis.error_reply(refused) end

local prefix = ARGV[1]
for i = 2, #ARGV, 4 do
  local scope, micros = ARGV[i], tonumber(ARGV[i + 3])
  local dayKey = prefix .. 'spend:' .. scope .. ':d:' .. ARGV[i + 1]
  local monthKey = prefix .. 'spend:' .. scope .. ':m:' .. ARGV[i + 2]
  if redis.call('EXISTS', dayKey) == 1 then redis.call('HINCRBY', dayKey, 'spent', micros) end
  if redis.call('EXISTS', monthKey) == 1 then redis.call('HINCRBY', monthKey, 'spent', micros) end
end
return 1
