-- wrk script for bench/enroll.sh: JSON sign-ups of distinct persons spread over many runs.
--
--   wrk -t2 -c32 -d20s --latency -s bench/enroll.lua http://127.0.0.1:PORT -- RUNS_FILE [OFFSET] [STRIDE]
--
-- RUNS_FILE has one run id per line (blank lines and '#' lines are skipped). Every
-- request is `POST /api/v1/runs/{id}/enrollments` with a JSON body (docs/openapi.yaml)
-- for a new person: a unique name, e-mail address and a synthetic national ID number
-- (month + 80, Skatteetaten's marker for test numbers, so it is never a real person's),
-- which the server checks only on runs that register in the patient record. The run is
-- drawn at random from the list, so the writes spread over many runs, as real sign-ups do.
--
-- Persons are numbered n = i * STRIDE + OFFSET + thread_index, i = 0, 1, 2, ...: distinct
-- within one wrk process and, with distinct OFFSETs, between several wrk processes:
-- STRIDE must be at least the total number of wrk threads (default 64), and each
-- process's OFFSET a multiple of its thread count (two processes of -t1: OFFSET 0 and
-- 1, STRIDE 2).
--
-- JSON content type: the CSRF filter lets it through (a cross-site page cannot send
-- it without a CORS preflight), so no cookie or token is needed.
--
-- done() prints one machine-readable line that enroll.sh parses:
--   BENCH requests=N duration_us=N rps=X bytes=N p50_us=N p90_us=N p99_us=N p999_us=N
--         max_us=N non2xx=N socket_errors=N created=N existing=N conflict=N limited=N other=N

local runs = {}
local threads = {}
local thread_count = 0
local offset, stride = 0, 1
local index = 0          -- this person's number within the thread
local thread_index = 0   -- 0-based
local status = {}        -- per thread: counts by HTTP status

function setup(thread)
  thread_count = thread_count + 1
  thread:set("tid", thread_count - 1)
  threads[#threads + 1] = thread
end

local function load_runs(file)
  local list = {}
  local f = assert(io.open(file, "r"), "cannot open runs file " .. tostring(file))
  for line in f:lines() do
    line = line:gsub("%s+$", "")
    if line ~= "" and line:sub(1, 1) ~= "#" then list[#list + 1] = line end
  end
  f:close()
  assert(#list > 0, "no runs in " .. file)
  return list
end

function init(args)
  runs = load_runs(args[1])
  thread_index = tonumber(tid) or 0
  offset = tonumber(args[2] or "0")
  stride = tonumber(args[3] or "64")
  math.randomseed(os.time() * 1000 + offset * 64 + thread_index)
  c202, c200, c409, c429, cother = 0, 0, 0, 0, 0
end

-- The two mod-11 control digits of a national ID number; nil when a digit would be 10.
local k1_weights = {3, 7, 6, 1, 8, 9, 4, 5, 2}
local k2_weights = {5, 4, 3, 2, 7, 6, 5, 4, 3, 2}
local function control(digits, weights)
  local sum = 0
  for i = 1, #weights do sum = sum + weights[i] * tonumber(digits:sub(i, i)) end
  local k = (11 - sum % 11) % 11
  if k == 10 then return nil end
  return tostring(k)
end

-- Person n → a valid synthetic national ID number, or nil (then the next n is used).
-- The mapping is one-to-one: day, month, year and individual number come from n.
local function national_id(n)
  local day = n % 28 + 1
  local month = math.floor(n / 28) % 12 + 1
  local year = math.floor(n / 336) % 100
  local individual = math.floor(n / 33600) % 500
  local base = string.format("%02d%02d%02d%03d", day, month + 80, year, individual)
  local k1 = control(base, k1_weights)
  if not k1 then return nil end
  local k2 = control(base .. k1, k2_weights)
  if not k2 then return nil end
  return base .. k1 .. k2
end

-- Each person comes from an address of their own (10.x.y.z by number), written in
-- X-Forwarded-For as a load balancer would (enroll.sh trusts 127.0.0.1 as one), so
-- the rate limit counts per visitor as in real traffic instead of one hot row.
local function client_address(n)
  return string.format("10.%d.%d.%d", math.floor(n / 65536) % 256, math.floor(n / 256) % 256, n % 256)
end

function request()
  local n, nid
  repeat
    n = index * stride + offset + thread_index
    index = index + 1
    nid = national_id(n)
  until nid
  local run = runs[math.random(#runs)]
  local body = string.format(
    '{"name":"Testperson %d","email":"person%d@example.com","kind":"patient",' ..
    '"national_id":"%s","consent":true}', n, n, nid)
  local headers = {["Content-Type"] = "application/json", ["X-Forwarded-For"] = client_address(n)}
  return wrk.format("POST", "/api/v1/runs/" .. run .. "/enrollments", headers, body)
end

function response(code, hdrs, body)
  if code == 202 then c202 = c202 + 1
  elseif code == 200 then c200 = c200 + 1
  elseif code == 409 then c409 = c409 + 1
  elseif code == 429 then c429 = c429 + 1
  else cother = cother + 1 end
end

function done(summary, latency, requests)
  local e = summary.errors
  local sums = {c202 = 0, c200 = 0, c409 = 0, c429 = 0, cother = 0}
  for _, t in ipairs(threads) do
    for k in pairs(sums) do sums[k] = sums[k] + (tonumber(t:get(k)) or 0) end
  end
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.1f bytes=%d p50_us=%d p90_us=%d p99_us=%d " ..
    "p999_us=%d max_us=%d non2xx=%d socket_errors=%d created=%d existing=%d conflict=%d " ..
    "limited=%d other=%d\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    summary.bytes, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency:percentile(99.9), latency.max, e.status, e.connect + e.read + e.write + e.timeout,
    sums.c202, sums.c200, sums.c409, sums.c429, sums.cother))
end
