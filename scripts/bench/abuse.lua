-- wrk script: one phone's token abused from every connection: a check-in without a photo, one with a 30 KB selfie
-- (as the page sends it), and an izin request with a letter, in turn, each with a fresh requestId.
-- Usage: wrk -s scripts/bench/abuse.lua URL -- TOKEN LAT LON SELFIE_JPEG REQUEST_JSON
--        (REQUEST_JSON: an izin request's body, REQUEST_ID where its requestId goes)
local counter = 0
local threads = {}
s2xx, s409, s422, s429, s503, sother, sfast = 0, 0, 0, 0, 0, 0, 0

function setup(thread)
  thread:set("id", #threads)
  table.insert(threads, thread)
end

local function read(path)
  local f = assert(io.open(path, "rb"))
  local s = f:read("*a")
  f:close()
  return s
end

function init(args)
  token, lat, lon = args[1], args[2], args[3]
  selfie = read(args[4])
  -- split once at its requestId: a gsub over the 400 KB body for each request cost this generator, on the server's
  -- own CPUs, more than the server spends refusing it
  local izin = read(args[5])
  local at = assert(string.find(izin, "REQUEST_ID", 1, true))
  izinHead, izinTail = string.sub(izin, 1, at - 1), string.sub(izin, at + #"REQUEST_ID")
  -- seeded from /dev/urandom: the honest phones' wrk starts in the same second with the same thread id, and a
  -- seed from the clock gave both the same requestIds (the honest phones then met 409 REQUEST_ID_IN_USE)
  local r = assert(io.open("/dev/urandom", "rb"))
  local b1, b2, b3 = r:read(3):byte(1, 3)
  r:close()
  math.randomseed(os.time() + b1 * 65536 + b2 * 256 + b3 + id)
end

local function uuid()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    return string.format("%x", c == "x" and math.random(0, 15) or math.random(8, 11))
  end))
end

function request()
  counter = counter + 1
  local auth = "Bearer " .. token
  local fields = string.format('{"type":"IN","lat":%s,"lon":%s,"accuracy":12,"requestId":"%s"}', lat, lon, uuid())
  if counter % 3 == 0 then
    return wrk.format("POST", "/api/v1/checkins", { ["Content-Type"] = "application/json", ["Authorization"] = auth }, fields)
  elseif counter % 3 == 1 then
    return wrk.format("POST", "/api/v1/checkins",
      { ["Content-Type"] = "image/jpeg", ["Presensi-Checkin"] = fields, ["Authorization"] = auth }, selfie)
  end
  return wrk.format("POST", "/api/v1/requests", { ["Content-Type"] = "application/json", ["Authorization"] = auth },
    izinHead .. uuid() .. izinTail)
end

function response(status, headers, body)
  -- the request-rate refusal (held back by the service) apart from the day's bounds
  if status == 429 and body and string.find(body, "TOO_FAST", 1, true) then sfast = sfast + 1 end
  if status < 300 then s2xx = s2xx + 1
  elseif status == 409 then s409 = s409 + 1
  elseif status == 422 then s422 = s422 + 1
  elseif status == 429 then s429 = s429 + 1
  elseif status == 503 then s503 = s503 + 1
  else sother = sother + 1 end
end

function done(summary, latency, requests)
  local t = { 0, 0, 0, 0, 0, 0, 0 }
  for _, th in ipairs(threads) do
    for i, name in ipairs({ "s2xx", "s409", "s422", "s429", "s503", "sother", "sfast" }) do t[i] = t[i] + th:get(name) end
  end
  io.write(string.format("abuser: %d requests in %.2f s: %.0f per second; answers: 2xx=%d 409=%d 422=%d 429=%d (TOO_FAST %d) 503=%d other=%d; errors: connect %d, read %d, timeout %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6), t[1], t[2], t[3], t[4], t[7], t[5], t[6],
    summary.errors.connect, summary.errors.read, summary.errors.timeout))
end
