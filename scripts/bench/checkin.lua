-- wrk script: each request is one phone's check-in (token, position near its office, a fresh requestId), with a
-- selfie when a second file is given (a JPEG, sent as the page sends it: the photo as the body, the check-in's
-- fields in the Presensi-Checkin header).
-- Usage: wrk -s scripts/bench/checkin.lua URL -- PHONES_FILE [SELFIE_JPEG_FILE|-] [PACE_MS] [FIRST_PHONE] [IN|OUT]
--        (PHONES_FILE: lines "token,lat,lon", from presensi bench rush --phones-out; "-" for no selfie; PACE_MS: each
--        connection waits this long before its next request, so c connections offer about c * 1000 / PACE_MS a second;
--        FIRST_PHONE: where in the file to begin, so runs one after another spread over the phones and none meets its
--        daily bounds; IN or OUT: the check-in's type, IN unless told)
-- The generator shares the machine with the service it measures, so it spends as little as it can per request: each
-- phone's request is made once, in two parts around its requestId, and a request is the two joined with a fresh id.
-- Answers are counted as wrk counts them (below 400, and 400 or above), unless CHECKIN_STATUSES=1 asks for each
-- status: wrk then hands every answer's headers and body to Lua, which costs the generator about a fifth more.
local prepared = {}
local counter = 0
local threads = {}
local placeholder = "00000000-0000-4000-8000-000000000000"
s201, s422, s4xx, s5xx = 0, 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

function init(args)
  local selfie
  if args[2] and args[2] ~= "-" then
    local f = assert(io.open(args[2], "rb"))
    selfie = f:read("*a")
    f:close()
  end
  local kind = args[5] or "IN"
  for line in io.lines(args[1]) do
    local token, lat, lon = line:match("([^,]+),([^,]+),([^,]+)")
    local fields = string.format('{"type":"%s","lat":%s,"lon":%s,"accuracy":12,"requestId":"%s"}', kind, lat, lon, placeholder)
    local request
    if selfie then
      request = wrk.format("POST", "/api/v1/checkins",
        { ["Content-Type"] = "image/jpeg", ["Presensi-Checkin"] = fields, ["Authorization"] = "Bearer " .. token }, selfie)
    else
      request = wrk.format("POST", "/api/v1/checkins",
        { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer " .. token }, fields)
    end
    local at = request:find(placeholder, 1, true)
    prepared[#prepared + 1] = { request:sub(1, at - 1), request:sub(at + #placeholder) }
  end
  pace = tonumber(args[3] or "0")
  math.randomseed(os.time() * 1000 + id)
  counter = id * 7919 + tonumber(args[4] or "0")
end

-- a version 4 UUID in one format call (24-bit pieces: wider ones do not survive %x in every Lua wrk is built with)
local function uuid()
  local r = math.random
  return string.format("%06x%02x-%04x-4%03x-%x%03x-%06x%06x", r(0, 0xffffff), r(0, 0xff), r(0, 0xffff), r(0, 0xfff),
    r(8, 11), r(0, 0xfff), r(0, 0xffffff), r(0, 0xffffff))
end

function request()
  counter = counter + 1
  local parts = prepared[(counter % #prepared) + 1]
  return parts[1] .. uuid() .. parts[2]
end

function delay()
  return pace
end

if os.getenv("CHECKIN_STATUSES") == "1" then
  function response(status)
    if status == 201 then s201 = s201 + 1
    elseif status == 422 then s422 = s422 + 1
    elseif status >= 500 then s5xx = s5xx + 1
    else s4xx = s4xx + 1 end
  end
end

function done(summary, latency, requests)
  io.write(string.format("requests %d in %.2f s: %.0f per second; socket errors %d\n", summary.requests,
    summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  if response then
    local a, b, c, d = 0, 0, 0, 0
    for _, t in ipairs(threads) do
      a = a + t:get("s201"); b = b + t:get("s422"); c = c + t:get("s4xx"); d = d + t:get("s5xx")
    end
    io.write(string.format("answers: 201=%d 422=%d other4xx=%d 5xx=%d\n", a, b, c, d))
  else
    io.write(string.format("answers: below400=%d 400up=%d\n", summary.requests - summary.errors.status, summary.errors.status))
  end
end
