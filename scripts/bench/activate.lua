-- wrk script: activates each phone once ("NIP/NIK,code" lines from presensi bench rush --codes-out), then stops.
-- Usage: wrk -t1 -c4 -s scripts/bench/activate.lua URL -- CODES_FILE
local codes = {}
local next_code = 0
activated, refused = 0, 0

function init(args)
  for line in io.lines(args[1]) do
    local key, code = line:match("([^,]+),([^,]+)")
    codes[#codes + 1] = string.format('{"employee":"%s","code":"%s","deviceName":"bench"}', key, code)
  end
end

function request()
  next_code = next_code + 1
  local body = codes[math.min(next_code, #codes)]
  return wrk.format("POST", "/api/v1/activate", { ["Content-Type"] = "application/json" }, body)
end

function response(status)
  if status == 201 then activated = activated + 1 else refused = refused + 1 end
  if activated + refused >= #codes then wrk.thread:stop() end
end

function done(summary, latency)
  io.write(string.format("activations: %d requests in %.1f s, p99 %.1f ms\n", summary.requests, summary.duration / 1e6,
    latency:percentile(99) / 1000))
end
