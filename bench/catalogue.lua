-- wrk script for bench/catalogue.sh: replays a list of request paths.
--
--   wrk -t2 -c64 -d15s --latency -s bench/catalogue.lua http://127.0.0.1:PORT -- PATHS_FILE
--
-- PATHS_FILE has one request target per line ("/api/v1/courses?q=kols"); blank
-- lines and lines starting with '#' are skipped. A path listed twice is sent
-- twice as often, so the file is the query mix. Each wrk thread walks the list
-- from its own offset, so the threads do not send the same request in lockstep.
--
-- No response() callback on purpose: defining one makes wrk hand every body to
-- Lua, which costs client CPU that the server (on the same cores) would lose.
-- Non-2xx answers are still counted by wrk (summary.errors.status).
--
-- done() prints one machine-readable line that catalogue.sh parses:
--   BENCH requests=N duration_us=N rps=X bytes=N p50_us=N p90_us=N p99_us=N
--         p999_us=N max_us=N non2xx=N socket_errors=N

local paths = {}
local counter = 0
local threads = {}

local function load_paths(file)
  local list = {}
  local f = assert(io.open(file, "r"), "cannot open paths file " .. tostring(file))
  for line in f:lines() do
    line = line:gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then list[#list + 1] = line end
  end
  f:close()
  assert(#list > 0, "no paths in " .. file)
  return list
end

function setup(thread)
  counter = counter + 1
  thread:set("id", counter)
  threads[#threads + 1] = thread
end

function init(args)
  paths = load_paths(args[1] or os.getenv("BENCH_PATHS"))
  -- `id` is set by setup(); spread the starting points over the list.
  local n = #paths
  local start = ((tonumber(id) or 1) - 1) * math.floor(n / 2 + 0.5)
  counter = start % n
end

function request()
  counter = counter % #paths + 1
  return wrk.format("GET", paths[counter])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f bytes=%d p50_us=%d p90_us=%d p99_us=%d " ..
    "p999_us=%d max_us=%d non2xx=%d socket_errors=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, e.status, e.connect + e.read + e.write + e.timeout))
end
