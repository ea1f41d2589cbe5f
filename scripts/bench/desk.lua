-- wrk script: OPD admins keeping the desk's "Hari ini" board open, each connection one signed-in admin whose page
-- polls GET /admin/api/today every REFRESH_MS. The first polls are spread over one period, as admins open the desk at
-- different moments, rather than all at once.
-- Usage: wrk -t1 -cN -s scripts/bench/desk.lua URL -- COOKIES_FILE [REFRESH_MS]
--        (COOKIES_FILE: one "presensi_desk=..." line per signed-in admin; N connections, one admin each in turn)
local cookies = {}
local counter = 0
local threads = {}
s200, other = 0, 0

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  for line in io.lines(args[1]) do
    cookies[#cookies + 1] = line
  end
  refresh = tonumber(args[2] or "10000")
end

function delay()
  counter = counter + 1
  if counter <= #cookies then
    return math.floor(refresh * (counter - 1) / #cookies)
  end
  return refresh
end

local sent = 0
function request()
  sent = sent + 1
  local cookie = cookies[((sent - 1) % #cookies) + 1]
  return wrk.format("GET", "/admin/api/today", { ["Cookie"] = cookie })
end

function response(status)
  if status == 200 then s200 = s200 + 1 else other = other + 1 end
end

function done(summary, latency, requests)
  local ok, bad = 0, 0
  for _, t in ipairs(threads) do
    ok = ok + t:get("s200"); bad = bad + t:get("other")
  end
  io.write(string.format("boards %d (200: %d, other: %d); latency ms: p50 %.1f  p99 %.1f  max %.1f\n", summary.requests,
    ok, bad, latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
