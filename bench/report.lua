-- wrk reporter: one JSON line with throughput, latency percentiles (ms) and errors.
-- Scripts that load it (dofile) may define response() and count the answers outside 2xx in a
-- global `non2xx` of each thread; without that, wrk's own count (status >= 400) stands.
local threads = {}

function setup(thread)
  threads[#threads + 1] = thread
  thread:set("id", #threads)
end

done = function(summary, latency, requests)
  local e = summary.errors
  local non2xx, counted = 0, false
  for _, thread in ipairs(threads) do
    local n = thread:get("non2xx")
    if n ~= nil then
      non2xx, counted = non2xx + n, true
    end
  end
  if not counted then
    non2xx = e.status
  end
  local errors = e.connect + e.read + e.write + e.timeout + non2xx
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "rps": %.1f, "p50": %.2f, "p95": %.2f, "p99": %.2f, ' ..
    '"max": %.2f, "errors": %d, "non2xx": %d, "timeouts": %d, "socket_errors": %d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(95) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, errors, non2xx, e.timeout, e.connect + e.read + e.write))
end
