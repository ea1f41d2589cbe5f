-- wrk script for scripts/bench/machines: each request is one fingerprint machine pushing a batch of 50 punch
-- lines (ZKTeco ADMS: POST /iclock/cdata?SN=...&table=ATTLOG). Each wrk thread drives its own machines, and each
-- (machine, PIN, time) is new, so every line is a punch to store. Arguments: DAY EMPLOYEES MACHINES.
local threads = {}
local thread_count = 0

function setup(thread)
  thread:set("id", thread_count)
  thread_count = thread_count + 1
  table.insert(threads, thread)
end

function init(args)
  day = args[1]
  employees = tonumber(args[2])
  machines = tonumber(args[3])
  sent = 0
  lines_per_request = 50
end

request = function()
  sent = sent + 1
  -- machines are shared out between the threads: thread 0 drives 1, 3, 5...; thread 1 drives 2, 4, 6...
  local machine = (sent % (machines / 2)) * 2 + id + 1
  local batch = {}
  for i = 1, lines_per_request do
    local n = (math.floor(sent / (machines / 2)) * lines_per_request) + i
    local pin = (n % employees) + 1
    local second = math.floor(n / employees) % 86400
    local time = string.format("%s %02d:%02d:%02d", day, math.floor(second / 3600), math.floor(second / 60) % 60, second % 60)
    batch[i] = pin .. "\t" .. time .. "\t0\t1\t0\t0\t0"
  end
  local path = string.format("/iclock/cdata?SN=BENCH%03d&table=ATTLOG&Stamp=9999", machine)
  return wrk.format("POST", path, {["Content-Type"] = "text/plain"}, table.concat(batch, "\n") .. "\n")
end

local answers = {}
response = function(status, headers, body)
  answers[status] = (answers[status] or 0) + 1
end

done = function(summary, latency, requests)
  local rps = summary.requests / (summary.duration / 1e6)
  io.write(string.format("requests %d in %.1f s: %.0f per second, %.0f punches per second (50 lines each)\n",
    summary.requests, summary.duration / 1e6, rps, rps * 50))
  io.write(string.format("latency ms: p50 %.1f  p95 %.1f  p99 %.1f  max %.1f\n", latency:percentile(50) / 1000,
    latency:percentile(95) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
  io.write(string.format("errors: connect %d, read %d, write %d, status %d, timeout %d\n", summary.errors.connect,
    summary.errors.read, summary.errors.write, summary.errors.status, summary.errors.timeout))
end
