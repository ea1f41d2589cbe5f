-- wrk script: activates each phone once ("NIP/NIK,code" lines from presensi bench rush --codes-out), then stops.
-- Usage: wrk -t1 -c4 -s scripts/bench/activate.lua URL -- CODES_FILE
local codes = {}
local next_code = 0
local primed = false
local threads = {}
activated, refused = 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local key, code = line:match("([^,]+),([^,]+)")
    codes[#codes + 1] = string.format('{"employee":"%s","code":"%s","deviceName":"bench"}', key, code)
  end
end

-- wrk builds one request before sending any, so the first code is handed out twice rather than never:
-- its second use answers 410 (already used), and every code is activated.
function request()
  next_code = math.max(next_code, 1) + (primed and 1 or 0)
  primed = true
  local body = codes[math.min(next_code, #codes)]
  return wrk.format("POST", "/api/v1/activate", { ["Content-Type"] = "application/json" }, body)
end

function response(status)
  if status == 201 then activated = activated + 1 else refused = refused + 1 end
  if activated + refused >= #codes then wrk.thread:stop() end
end

function done(summary, latency)
  local ok, no = 0, 0
  for _, t in ipairs(threads) do ok = ok + t:get("activated"); no = no + t:get("refused") end
  io.write(string.format("activations: %d requests (%d answered 201, %d refused) in %.1f s, p99 %.1f ms\n", summary.requests,
    ok, no, summary.duration / 1e6, latency:percentile(99) / 1000))
end
