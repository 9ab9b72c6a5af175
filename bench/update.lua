-- wrk script: Scrum Masters post their team's daily update through the API, over and over.
-- run.py starts one thread per connection, so each thread (its own Lua state) drives one
-- connection for one team, with that team's Scrum Master's token (BENCH_CLIENTS: one
-- "path authorization" line per client). The first request reads the team's slot; then it
-- posts the update when there is none yet, else edits it with the version the last answer
-- returned, so every request is valid and any answer outside 2xx is a real error.
dofile(debug.getinfo(1, "S").source:match("^@(.*/)") .. "report.lua")

local client, version
local edits = 0

function init(args)
  local clients = {}
  for path, authorization in (os.getenv("BENCH_CLIENTS") or ""):gmatch("(%S+) ([^\n]+)") do
    clients[#clients + 1] = {path = path, authorization = authorization}
  end
  client = clients[(id - 1) % #clients + 1]
  non2xx = 0
end

function request()
  local headers = {["Authorization"] = client.authorization,
                   ["Content-Type"] = "application/json"}
  if version == nil then
    return wrk.format("GET", client.path, headers)
  end
  edits = edits + 1
  local fields = string.format('"health": "green", "done": "Finished story %d", ' ..
                               '"next": "Start story %d"', edits, edits + 1)
  if version == 0 then
    return wrk.format("POST", client.path, headers, "{" .. fields .. "}")
  end
  return wrk.format("PUT", client.path, headers,
                    string.format('{%s, "version": %d}', fields, version))
end

function response(status, headers, body)
  if status < 200 or status > 299 then
    non2xx = non2xx + 1
    version = nil  -- read the slot again
    return
  end
  version = tonumber(body:match('"version"%s*:%s*(%d+)') or "0")
end
