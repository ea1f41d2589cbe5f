-- wrk script: each request is one phone's "Presensi apel" (token, position near its office, a fresh requestId) for
-- one apel; paced so that a Monday's 8,630 staff check in within 10 minutes (about 14 a second).
-- Usage: wrk -s scripts/bench/apel-checkin.lua URL -- PHONES_FILE APEL_ID [PACE_MS]
--        (PHONES_FILE: lines "token,lat,lon", from presensi bench rush --phones-out; PACE_MS: each connection waits
--        this long before its next request, so c connections offer about c * 1000 / PACE_MS a second)
local phones = {}
local counter = 0
local threads = {}
s201, s422, other = 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local token, lat, lon = line:match("([^,]+),([^,]+),([^,]+)")
    phones[#phones + 1] = { token = token, lat = lat, lon = lon }
  end
  apel = args[2]
  pace = tonumber(args[3] or "0")
  math.randomseed(os.time() * 1000 + id)
  counter = id * 7919
end

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", c == "x" and math.random(0, 15) or math.random(8, 11))
  end))
end

function request()
  counter = counter + 1
  local p = phones[(counter % #phones) + 1]
  local body = string.format('{"requestId":"%s","apelId":%s,"lat":%s,"lon":%s,"accuracy":12}', uuid(), apel, p.lat, p.lon)
  return wrk.format("POST", "/api/v1/apel/checkins",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. p.token }, body)
end

function delay()
  return pace
end

function response(status)
  if status == 201 then s201 = s201 + 1 elseif status == 422 then s422 = s422 + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local a, b, c = 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("s201"); b = b + t:get("s422"); c = c + t:get("other")
  end
  io.write(string.format("apel requests %d in %.2f s: %.1f per second; p99 %.1f ms; answers: 201=%d 422=%d other=%d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), latency:percentile(99) / 1000, a, b, c))
end
