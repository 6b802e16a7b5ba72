#!/usr/bin/env bash
# Catalogue search throughput: kursbase against nginx serving a static file.
#
#   bench/catalogue.sh [--scale 10] [--duration 15] [--connections "64 32"]
#                      [--server-threads 2] [--build DIR] [--profile] [--keep]
#                      [--long-tail 60000]
#
# What it does, all on loopback (127.0.0.1) and in a fresh temporary folder:
#   1. builds a Release binary in build-bench/ when it is missing;
#   2. installs wrk, nginx, curl and jq with apt-get when they are missing;
#   3. loads `kursbase demo --scale N --seed 1` into a new SQLite file and times it;
#   4. starts `kursbase serve --threads 2`, waits for /healthz, reads real facet
#      values (health trusts, municipalities, course ids) and writes the query
#      mixes as path lists (see bench/catalogue.lua);
#   5. checks every path answers 200 and times each one alone (curl, 15 tries);
#   6. starts nginx (worker_processes = server threads, access_log off) serving one
#      real search response, of the JSON mix's mean size, as a static file;
#   7. runs wrk (-t2, warm-up 3 s, then --duration, --latency, --timeout 10s) for: the JSON
#      search mix, the HTML search mix, the course API, and nginx; then the long
#      tail (bench/long_tail_paths.py): --long-tail distinct searches from the
#      facet values (text, filters, dates, pages) as JSON and HTML, and the course
#      API and course page of every published course — distinct enough that the
#      micro-cache does not help (any non-2xx answer fails the run); per run it
#      also records the CPU the server used (from /proc) and the machine's busy CPU;
#   8. reads the server's peak RSS (VmHWM) and prints a Markdown table.
# With --profile it also records `perf record -g` of the server during one extra
# JSON-mix run and writes `perf report` (top symbols) to the results folder.
#
# wrk, kursbase and nginx share the machine's cores. When the machine has more
# than 2, everything is pinned to CPUs 0-1 (override with CPUS=0-3, or CPUS= to
# disable) so results compare with the 2-core target.
#
# Results (raw wrk output, path lists, table) go to build-bench/bench-results/DATE/.
# Everything started here is stopped on exit; re-running is safe.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build-bench
SCALE=10
DURATION=15
WARMUP=3
CONNECTIONS="64 32"
SERVER_THREADS=2
WRK_THREADS=2
PROFILE=0
KEEP=0
LONG_TAIL=60000
CPUS=${CPUS-auto}

while [[ $# -gt 0 ]]; do
  case $1 in
    --scale) SCALE=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --server-threads) SERVER_THREADS=$2; shift 2 ;;
    --build) BUILD=$(realpath -m "$2"); shift 2 ;;
    --profile) PROFILE=1; shift ;;
    --long-tail) LONG_TAIL=$2; shift 2 ;;
    --keep) KEEP=1; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

BIN=$BUILD/kursbase
LUA=$ROOT/bench/catalogue.lua
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BUILD/bench-results/$STAMP
mkdir -p "$RESULTS"
log() { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$RESULTS/log.txt" >&2; }

# --- tools -------------------------------------------------------------------
SUDO=
[[ $(id -u) -ne 0 ]] && SUDO=sudo
NGINX=$(command -v nginx || true)
[[ -z $NGINX && -x /usr/sbin/nginx ]] && NGINX=/usr/sbin/nginx
need=()
command -v wrk >/dev/null || need+=(wrk)
command -v curl >/dev/null || need+=(curl)
command -v jq >/dev/null || need+=(jq)
[[ -z $NGINX ]] && need+=(nginx-light)
if [[ ${#need[@]} -gt 0 ]]; then
  log "installing ${need[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${need[@]}" ||
    { [[ " ${need[*]} " == *" nginx-light "* ]] &&
        $SUDO apt-get install -y -qq "${need[@]/nginx-light/nginx}"; }
  NGINX=$(command -v nginx || echo /usr/sbin/nginx)
fi
if [[ $PROFILE == 1 ]] && ! command -v perf >/dev/null; then
  $SUDO apt-get install -y -qq linux-perf || { log "no perf: --profile skipped"; PROFILE=0; }
fi

if [[ ! -x $BIN ]]; then
  log "building Release binary in $BUILD"
  cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=Release >/dev/null
  ninja -C "$BUILD" kursbase kursbase_static
fi
[[ -d $BUILD/static ]] || ninja -C "$BUILD" kursbase_static >/dev/null

if [[ $CPUS == auto ]]; then CPUS=; [[ $(nproc) -gt 2 ]] && CPUS=0-1; fi
PIN=()
[[ -n $CPUS ]] && command -v taskset >/dev/null && PIN=(taskset -c "$CPUS")

# --- cleanup -----------------------------------------------------------------
WORK=$(mktemp -d /tmp/kursbase-bench.XXXXXX)
SERVER_PID= NGINX_PID= PERF_PID=
cleanup() {
  local rc=$?
  for pid in $PERF_PID $SERVER_PID $NGINX_PID; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in $PERF_PID $SERVER_PID $NGINX_PID; do
    wait "$pid" 2>/dev/null || true
  done
  if [[ $KEEP == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

free_port() {  # first port from $1 nobody listens on (loopback)
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

wait_http() {  # URL, seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  log "no answer from $1"; return 1
}

# --- machine -----------------------------------------------------------------
{
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "nginx: $($NGINX -v 2>&1 | cut -d/ -f2)"
  echo "pinned: ${CPUS:-no}"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
} >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2

# Run kursbase from the work folder with no KURSBASE_* settings, so neither a
# kursbase.toml nor the environment changes what is measured.
# `exec` keeps the process id: `kb ... &` gives the id of kursbase itself.
kb() { (cd "$WORK" && exec env -u KURSBASE_LISTEN -u KURSBASE_DATABASE -u KURSBASE_THREADS \
          -u KURSBASE_STATIC_DIR -u KURSBASE_CATALOGUE_REFRESH_MS "$@"); }

# --- load --------------------------------------------------------------------
DB=$WORK/catalogue.db
log "loading demo --scale $SCALE"
t0=$(date +%s%N)
kb "$BIN" demo --database "$DB" --scale "$SCALE" --seed 1 | tee "$RESULTS/demo.txt" >&2
t1=$(date +%s%N)
LOAD_S=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.1f", (b - a) / 1e9}')
DB_MB=$(du -m "$DB" | cut -f1)
log "demo load: ${LOAD_S} s wall, database ${DB_MB} MB"

# --- server ------------------------------------------------------------------
PORT=$(free_port 18080)
log "starting kursbase on 127.0.0.1:$PORT with $SERVER_THREADS threads"
(cd "$WORK" && exec env -u KURSBASE_LISTEN -u KURSBASE_DATABASE -u KURSBASE_THREADS \
  -u KURSBASE_STATIC_DIR -u KURSBASE_CATALOGUE_REFRESH_MS "${PIN[@]}" "$BIN" serve \
  --database "$DB" --listen "127.0.0.1:$PORT" --threads "$SERVER_THREADS" \
  --static-dir "$BUILD/static") >"$RESULTS/server.log" 2>&1 &
SERVER_PID=$!  # kursbase itself (exec)
KB_PID=$SERVER_PID
wait_http "http://127.0.0.1:$PORT/healthz" 30
grep -q "listening on" "$RESULTS/server.log" || { log "server did not print 'listening on'"; exit 1; }
BASE=http://127.0.0.1:$PORT
RSS_IDLE_KB=$(awk '/VmRSS/ {print $2}' "/proc/$KB_PID/status")
curl -fsS "$BASE/api/v1/courses" -o /dev/null  # builds the in-memory index
RSS_INDEX_KB=$(awk '/VmRSS/ {print $2}' "/proc/$KB_PID/status")

# --- query mixes from real facet values ---------------------------------------
curl -fsS "$BASE/api/v1/courses" >"$WORK/all.json"
TOTAL=$(jq .total "$WORK/all.json")
mapfile -t HFS < <(jq -r '.facets.hf[].value' "$WORK/all.json" | head -6)
mapfile -t MUNS < <(jq -r '.facets.municipality[].value' "$WORK/all.json" | head -6)
mapfile -t DIAG < <(jq -r '.facets.diagnosis[].value' "$WORK/all.json" | head -3)
mapfile -t IDS < <(curl -fsS "$BASE/api/v1/courses?page_size=50&page=3" | jq -r '.items[].id' | head -12)
log "catalogue: $TOTAL published courses, ${#HFS[@]} hf values, ${#MUNS[@]} municipalities"
[[ ${#HFS[@]} -ge 2 && ${#MUNS[@]} -ge 2 && ${#IDS[@]} -ge 4 ]] || { log "facets too small"; exit 1; }
OSLO=0301
jq -e '.facets.municipality[] | select(.value == "0301")' "$WORK/all.json" >/dev/null || OSLO=${MUNS[0]}
FROM=$(date +%F)
TO=$(date -d '+60 days' +%F)
PAAR='p%C3%A5r%C3%B8rende'  # pårørende

# The search mix: about half free text (the SQLite FTS5 part), half filters only
# (the in-memory index part), some page 2, some combined. A line is one request.
search_params() {
  cat <<EOF
q=kols
q=diabetes
q=$PAAR
q=parkinson
q=kreft
q=hjerte
q=demens
q=angst
q=kols&municipality=$OSLO
q=diabetes&language=nn
q=kreft&format=digital
q=$PAAR&page=2
q=smerte&free_seats=1
q=rus
field=mental_health
target=children
language=nn
format=digital
free_seats=1
no_referral=1
hf=${HFS[0]}
hf=${HFS[1]}&target=children
municipality=$OSLO
municipality=${MUNS[1]}&free_seats=1
page=2
diagnosis=${DIAG[0]}
field=mental_health&free_seats=1&from=$FROM&to=$TO
from=$FROM&to=$TO
EOF
  echo ""  # the empty search: the first page of everything
}
{
  echo "# JSON search mix ($(date -u +%F))"
  search_params | while read -r p; do echo "/api/v1/courses${p:+?$p}"; done
} >"$RESULTS/paths-json.txt"
{
  echo "# HTML search mix: the same queries on the search page"
  search_params | while read -r p; do echo "/${p:+?$p}"; done
} >"$RESULTS/paths-html.txt"
{
  echo "# course API: /api/v1/courses/{id}"
  for id in "${IDS[@]}"; do echo "/api/v1/courses/$id"; done
} >"$RESULTS/paths-course.txt"

# Every path must answer 200; time each one alone (15 tries on one connection).
log "checking and timing each path alone"
printf 'status\tbytes\tmedian_ms\tp90_ms\tpath\n' >"$RESULTS/paths-timing.tsv"
for list in json html course; do
  grep -v '^#' "$RESULTS/paths-$list.txt" | sort -u | while read -r path; do
    urls=(); for _ in $(seq 15); do urls+=(-o /dev/null "$BASE$path"); done
    curl -sS -w '%{http_code} %{size_download} %{time_total}\n' "${urls[@]}" |
      sort -k3,3g |
      awk -v path="$path" '{ if ($1 != 200) bad = $1; size = $2; t[NR] = $3 * 1000 }
        END { printf "%s\t%d\t%.2f\t%.2f\t%s\n", bad ? bad : 200, size,
                t[int((NR + 1) / 2)], t[int(NR * 0.9)], path }'
  done
done >>"$RESULTS/paths-timing.tsv"
if awk -F'\t' 'NR > 1 && $1 != 200 { bad = 1; print "not 200: " $0 > "/dev/stderr" } END { exit !bad }' \
  "$RESULTS/paths-timing.tsv"; then
  exit 1
fi
column -t -s $'\t' "$RESULTS/paths-timing.tsv" >&2 || cat "$RESULTS/paths-timing.tsv" >&2

# --- nginx with one real response of the mix's mean size ------------------------
MEAN_BYTES=$(awk -F'\t' '$5 ~ /^\/api\/v1\/courses(\?|$)/ { s += $2; n++ } END { printf "%d", s / n }' \
  "$RESULTS/paths-timing.tsv")
NEAREST=$(awk -F'\t' -v m="$MEAN_BYTES" '$5 ~ /^\/api\/v1\/courses(\?|$)/ {
    d = $2 - m; if (d < 0) d = -d; if (best == "" || d < bd) { bd = d; best = $5 } } END { print best }' \
  "$RESULTS/paths-timing.tsv")
mkdir -p "$WORK/nginx/www" "$WORK/nginx/tmp" "$WORK/nginx/logs"
curl -fsS "$BASE$NEAREST" -o "$WORK/nginx/www/search.json"
STATIC_BYTES=$(stat -c %s "$WORK/nginx/www/search.json")
chmod -R a+rX "$WORK"
PORT2=$(free_port $((PORT + 1)))
NG=$WORK/nginx
USER_LINE=
[[ $(id -u) -eq 0 ]] && USER_LINE="user nobody nogroup;"
cat >"$NG/nginx.conf" <<EOF
# Minimal nginx for bench/catalogue.sh: one static JSON file on loopback.
$USER_LINE
daemon off;
worker_processes $SERVER_THREADS;
pid $NG/nginx.pid;
error_log $NG/logs/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  default_type application/json;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;  # like kursbase, which keeps a connection open
  client_body_temp_path $NG/tmp/body;
  proxy_temp_path $NG/tmp/proxy;
  fastcgi_temp_path $NG/tmp/fastcgi;
  uwsgi_temp_path $NG/tmp/uwsgi;
  scgi_temp_path $NG/tmp/scgi;
  server {
    listen 127.0.0.1:$PORT2;
    root $NG/www;
  }
}
EOF
log "starting nginx on 127.0.0.1:$PORT2 serving $NEAREST ($STATIC_BYTES bytes; JSON mix mean $MEAN_BYTES)"
"${PIN[@]}" "$NGINX" -c "$NG/nginx.conf" -p "$NG" -e "$NG/logs/error.log" 2>"$RESULTS/nginx.log" &
NGINX_PID=$!
wait_http "http://127.0.0.1:$PORT2/search.json" 10
echo "/search.json" >"$RESULTS/paths-nginx.txt"

# --- wrk -----------------------------------------------------------------------
proc_cpu_ticks() {  # utime + stime of processes (with their threads), in clock ticks
  local pid sum=0
  for pid in $1; do sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat"))); done
  echo "$sum"
}
busy_ticks() {  # machine-wide non-idle ticks
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
HZ=$(getconf CLK_TCK)

RESULT_ROWS=()
# run NAME PATHS_FILE BASE_URL CONNECTIONS "PIDS"
run_wrk() {
  local name=$1 paths=$2 url=$3 conns=$4 pid=$5 out="$RESULTS/wrk-$1-c$4.txt"
  "${PIN[@]}" wrk -t"$WRK_THREADS" -c"$conns" -d"${WARMUP}s" -s "$LUA" "$url" -- "$paths" >/dev/null
  local c0 b0 c1 b1
  c0=$(proc_cpu_ticks "$pid"); b0=$(busy_ticks)
  /usr/bin/time -f '%U %S' -o "$out.time" \
    "${PIN[@]}" wrk -t"$WRK_THREADS" -c"$conns" -d"${DURATION}s" --timeout 10s --latency -s "$LUA" "$url" -- "$paths" >"$out"
  c1=$(proc_cpu_ticks "$pid"); b1=$(busy_ticks)
  local line cpu
  line=$(grep '^BENCH' "$out")
  # Cores used during the run: by the server, by wrk, and by everything else
  # (other processes on the machine: a busy machine makes the run noisy).
  cpu=$(awk -v a="$c0" -v b="$c1" -v ma="$b0" -v mb="$b1" -v hz="$HZ" -v d="$DURATION" \
    -v w="$(awk '{print $1 + $2}' "$out.time")" 'BEGIN {
      s = (b - a) / hz / d; m = (mb - ma) / hz / d; wc = w / d; o = m - s - wc; if (o < 0) o = 0
      printf "server_cores=%.2f wrk_cores=%.2f other_cores=%.2f machine_cores=%.2f", s, wc, o, m }')
  echo "$line $cpu loadavg=$(cut -d' ' -f1 /proc/loadavg)" >"$out.bench"
  log "$name c=$conns: $(cat "$out.bench")"
  RESULT_ROWS+=("$name|$conns|$(cat "$out.bench")")
}

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

NGINX_MASTER=$NGINX_PID
NGINX_PIDS="$NGINX_MASTER $(pgrep -P "$NGINX_MASTER" | tr '\n' ' ')"
for c in $CONNECTIONS; do
  run_wrk kursbase-json "$RESULTS/paths-json.txt" "$BASE" "$c" "$KB_PID"
  run_wrk nginx-static "$RESULTS/paths-nginx.txt" "http://127.0.0.1:$PORT2" "$c" "$NGINX_PIDS"
done
FIRST_C=${CONNECTIONS%% *}
run_wrk kursbase-html "$RESULTS/paths-html.txt" "$BASE" "$FIRST_C" "$KB_PID"
run_wrk kursbase-course "$RESULTS/paths-course.txt" "$BASE" "$FIRST_C" "$KB_PID"

# --- the long tail: distinct searches and every course -------------------------
log "writing the long-tail mixes ($LONG_TAIL searches) and the course mixes"
: >"$WORK/ids.txt"
for ((page = 1; ; page++)); do
  n=$(curl -fsS "$BASE/api/v1/courses?page_size=100&page=$page" | jq -r '.items[].id' | tee -a "$WORK/ids.txt" | wc -l)
  [[ $n -gt 0 ]] || break
done
python3 "$ROOT/bench/long_tail_paths.py" "$WORK/all.json" "$WORK/ids.txt" "$RESULTS" \
  --count "$LONG_TAIL" | tee -a "$RESULTS/log.txt" >&2
# A sample of each list must answer 200 (wrk counts every non-2xx of the runs too).
for list in longtail-json longtail-html courses-json courses-html; do
  grep -v '^#' "$RESULTS/paths-$list.txt" | awk 'NR % 500 == 1' | while read -r path; do
    code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$path")
    [[ $code == 200 ]] || { log "not 200 ($code): $path"; exit 1; }
  done
done
for mix in longtail-json longtail-html courses-json courses-html; do
  run_wrk "kursbase-$mix" "$RESULTS/paths-$mix.txt" "$BASE" "$FIRST_C" "$KB_PID"
  bad=$(field "${RESULT_ROWS[-1]##*|}" non2xx)
  [[ $bad == 0 ]] || { log "$mix: $bad answers were not 2xx"; exit 1; }
done

PEAK_KB=$(awk '/VmHWM/ {print $2}' "/proc/$KB_PID/status")
NGINX_PEAK_KB=0
for w in $(pgrep -P "$NGINX_MASTER"); do
  NGINX_PEAK_KB=$((NGINX_PEAK_KB + $(awk '/VmHWM/ {print $2}' "/proc/$w/status")))
done

if [[ $PROFILE == 1 ]]; then
  log "profiling the server during a JSON-mix run (perf record -g, ${DURATION}s)"
  perf record -e cpu-clock -F 499 -g -p "$KB_PID" -o "$WORK/perf.data" -- sleep "$DURATION" 2>"$RESULTS/perf-record.log" &
  PERF_PID=$!
  "${PIN[@]}" wrk -t"$WRK_THREADS" -c"$FIRST_C" -d"${DURATION}s" -s "$LUA" "$BASE" -- "$RESULTS/paths-json.txt" \
    >"$RESULTS/wrk-profiled.txt"
  wait "$PERF_PID" || true
  PERF_PID=
  perf report -i "$WORK/perf.data" --no-children --sort dso --stdio -g none 2>/dev/null |
    grep '%' | head -12 >"$RESULTS/perf-dso.txt" || true
  perf report -i "$WORK/perf.data" --no-children --sort dso,symbol --stdio -g none 2>/dev/null |
    grep '%' | head -40 | cut -c1-160 >"$RESULTS/perf-self.txt" || true
  perf report -i "$WORK/perf.data" --children --sort symbol --stdio -g none 2>/dev/null |
    grep '%' | head -60 | cut -c1-160 >"$RESULTS/perf-children.txt" || true
  log "perf reports in $RESULTS/perf-*.txt"
fi

# --- table ---------------------------------------------------------------------
nginx_rps() {
  local r
  for r in "${RESULT_ROWS[@]}"; do
    if [[ $r == "nginx-static|$1|"* ]]; then field "${r##*|}" rps; fi
  done
}
{
  echo "Scale $SCALE demo load: ${LOAD_S} s ($(sed -n 's/^loaded demo data: //p' "$RESULTS/demo.txt")); database ${DB_MB} MB; $TOTAL published courses"
  echo "kursbase RSS: idle ${RSS_IDLE_KB} kB, after first search ${RSS_INDEX_KB} kB, peak (VmHWM) ${PEAK_KB} kB; nginx workers' peak ${NGINX_PEAK_KB} kB"
  echo "nginx file: $NEAREST ($STATIC_BYTES bytes; JSON-mix mean $MEAN_BYTES bytes)"
  echo
  echo "| run | conns | req/s | p50 ms | p99 ms | max ms | ratio to nginx | server cores | wrk cores | other cores | server CPU µs/req | non-2xx / socket errors |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
  for r in "${RESULT_ROWS[@]}"; do
    IFS='|' read -r name conns line <<<"$r"
    rps=$(field "$line" rps); ref=$(nginx_rps "$conns"); [[ -z $ref ]] && ref=$(nginx_rps "$FIRST_C")
    awk -v n="$name" -v c="$conns" -v rps="$rps" -v ref="$ref" \
      -v p50="$(field "$line" p50_us)" -v p99="$(field "$line" p99_us)" -v mx="$(field "$line" max_us)" \
      -v sc="$(field "$line" server_cores)" -v wc="$(field "$line" wrk_cores)" \
      -v oc="$(field "$line" other_cores)" \
      -v e2="$(field "$line" non2xx)" -v es="$(field "$line" socket_errors)" 'BEGIN {
        printf "| %s | %s | %.0f | %.2f | %.2f | %.1f | %.3g | %s | %s | %s | %.0f | %d / %d |\n",
          n, c, rps, p50 / 1000, p99 / 1000, mx / 1000, rps / ref, sc, wc, oc, sc * 1e6 / rps, e2, es }'
  done
} | tee "$RESULTS/summary.md"
log "results in $RESULTS"
