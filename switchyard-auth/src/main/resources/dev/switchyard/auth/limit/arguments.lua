-- Put in front of every script by LuaScript.load (a script sent to Redis cannot load another): the
-- argument checks each script runs before its first write. SCRIPT_NAME is replaced by the script's name.
local function badarg(i, what)
  return 'SWITCHYARD_BADARG SCRIPT_NAME: ' .. what .. ' (ARGV[' .. i .. ']=' .. string.sub(tostring(ARGV[i]), 1, 24) .. ')'
end
-- ARGV[i] is a whole number in [lo, hi] (not nan, not inf, not a fraction).
local function int(i, lo, hi)
  local v = tonumber(ARGV[i])
  return v ~= nil and v == v and v >= lo and v <= hi and v == math.floor(v)
end
