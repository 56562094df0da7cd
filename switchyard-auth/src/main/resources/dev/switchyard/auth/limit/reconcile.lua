-- Adds spend settled locally while Redis was unreachable to the shared budget counters.
-- ARGV: prefix, then per entry: scope, day (yyyy-mm-dd), month (yyyy-mm), micros.
-- A counter that no longer exists is left alone: it will be seeded from the durable totals, which the
-- usage ledger has been writing all along, so adding here would count the spend twice.
local prefix = ARGV[1]
for i = 2, #ARGV, 4 do
  local scope, micros = ARGV[i], tonumber(ARGV[i + 3])
  local dayKey = prefix .. 'spend:' .. scope .. ':d:' .. ARGV[i + 1]
  local monthKey = prefix .. 'spend:' .. scope .. ':m:' .. ARGV[i + 2]
  if redis.call('EXISTS', dayKey) == 1 then redis.call('HINCRBY', dayKey, 'spent', micros) end
  if redis.call('EXISTS', monthKey) == 1 then redis.call('HINCRBY', monthKey, 'spent', micros) end
end
return 1
