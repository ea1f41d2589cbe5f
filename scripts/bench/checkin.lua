-- wrk script: each request is one phone's check-in (token, position near its office, a fresh requestId), with a
-- selfie when a second file is given (a JPEG, sent as the page sends it: the photo as the body, the check-in's
-- fields in the Presensi-Checkin header).
-- Usage: wrk -s scripts/bench/checkin.lua URL -- PHONES_FILE [SELFIE_JPEG_FILE|-] [PACE_MS] [FIRST_PHONE] [IN|OUT]
--        (PHONES_FILE: lines "token,lat,lon", from presensi bench rush --phones-out; "-" for no selfie; PACE_MS: each
--        connection waits this long before its next request, so c connections offer about c * 1000 / PACE_MS a second;
--        FIRST_PHONE: where in the file to begin, so runs one after another spread over the phones and none meets its
--        daily bounds; IN or OUT: the check-in's type, IN unless told)
local phones = {}
local counter = 0
local threads = {}
s201, s422, s4xx, s5xx = 0, 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    local token, lat, lon = line:match("([^,]+),([^,]+),([^,]+)")
    phones[#phones + 1] = { token = token, lat = lat, lon = lon }
  end
  pace = tonumber(args[3] or "0")
  if args[2] and args[2] ~= "-" then
    local f = assert(io.open(args[2], "rb"))
    selfie = f:read("*a")
    f:close()
  end
  math.randomseed(os.time() * 1000 + id)
  counter = id * 7919 + tonumber(args[4] or "0")
  kind = args[5] or "IN"
end

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", c == "x" and math.random(0, 15) or math.random(8, 11))
  end))
end

function request()
  counter = counter + 1
  local p = phones[(counter % #phones) + 1]
  local fields = string.format('{"type":"%s","lat":%s,"lon":%s,"accuracy":12,"requestId":"%s"}', kind, p.lat, p.lon, uuid())
  if selfie then
    return wrk.format("POST", "/api/v1/checkins",
      { ["Content-Type"] = "image/jpeg", ["Presensi-Checkin"] = fields, ["Authorization"] = "Bearer " .. p.token }, selfie)
  end
  return wrk.format("POST", "/api/v1/checkins",
    { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. p.token }, fields)
end

function delay()
  return pace
end

function response(status)
  if status == 201 then s201 = s201 + 1
  elseif status == 422 then s422 = s422 + 1
  elseif status >= 500 then s5xx = s5xx + 1
  else s4xx = s4xx + 1 end
end

function done(summary, latency, requests)
  local a, b, c, d = 0, 0, 0, 0
  for _, t in ipairs(threads) do
    a = a + t:get("s201"); b = b + t:get("s422"); c = c + t:get("s4xx"); d = d + t:get("s5xx")
  end
  io.write(string.format("requests %d in %.2f s: %.0f per second; socket errors %d\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("answers: 201=%d 422=%d other4xx=%d 5xx=%d\n", a, b, c, d))
end
