-- Creates missing budget counters from the durable ledger's totals; counters that exist win (another
-- replica seeded first, or requests already counted).
-- ARGV: prefix, day, month, dayTtlSeconds, monthTtlSeconds, scopeCount, then per scope: name, daySpent, monthSpent.
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
