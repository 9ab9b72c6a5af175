-- wrk script for the soak (bench/soak.py): every connection is one attendee of the meeting
-- room, polling its live state every SOAK_INTERVAL_MS milliseconds. Answers outside 2xx are
-- counted (report.lua reports them).
--
-- Each connection stays open (production's keep-alive, metascrum/gunicorn_conf.py, outlasts
-- the interval), as a browser's would. The first waits (SOAK_STAGGER: connections per
-- thread, opened in order at the start) grow evenly across one interval, which spreads the
-- attendees out of step, as they would be, instead of all polling in the same instant.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local interval = tonumber(os.getenv("SOAK_INTERVAL_MS") or "2000")
local stagger = tonumber(os.getenv("SOAK_STAGGER") or "0")
local waits = 0

function init(args)
  non2xx = 0
end

function delay()
  waits = waits + 1
  if waits <= stagger then
    return math.floor((waits - 1) * interval / stagger)
  end
  return interval
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
  end
end
