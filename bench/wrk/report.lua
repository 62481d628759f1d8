-- Loaded by every wrk run of bench/run.py: prints one JSON line with the numbers the table needs.
-- Latencies are in microseconds; requests that hit wrk's --timeout (30 s) are counted in
-- errors.timeout and are not in the latency figures, so the table shows them as errors.

local extra_headers = os.getenv("BENCH_HEADERS") or ""
for line in string.gmatch(extra_headers, "[^\n]+") do
  local name, value = string.match(line, "^([^:]+):%s*(.*)$")
  if name then wrk.headers[name] = value end
end

local post_body = os.getenv("BENCH_POST_BODY")
local thread_number = 0
local threads = {}

function setup(thread)
  thread_number = thread_number + 1
  thread:set("thread_id", thread_number)
  table.insert(threads, thread)
end

function init(args)
  math.randomseed(os.time() * 100 + (thread_id or 0))
end

local function hex(digits)
  local out = {}
  for i = 1, digits do out[i] = string.format("%x", math.random(0, 15)) end
  return table.concat(out)
end

function request()
  if post_body then
    -- A new case each time, from a new address (as many citizens, not one robot).
    local key = hex(8) .. "-" .. hex(4) .. "-4" .. hex(3) .. "-a" .. hex(3) .. "-" .. hex(12)
    wrk.headers["X-Forwarded-For"] = "10." .. math.random(0, 255) .. "." .. math.random(0, 255)
      .. "." .. math.random(1, 254)
    wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
    return wrk.format("POST", nil, nil, post_body .. "&submission_key=" .. key)
  end
  return wrk.format(nil)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'BENCHJSON {"requests": %d, "duration_us": %d, "bytes": %d, "connect": %d, "read": %d, '
    .. '"write": %d, "status": %d, "timeout": %d, "p50": %d, "p95": %d, "p99": %d, "max": %d}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.status,
    e.timeout, latency:percentile(50), latency:percentile(95), latency:percentile(99),
    latency.max))
end
