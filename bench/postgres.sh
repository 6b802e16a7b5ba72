#!/usr/bin/env bash
# kursbase on PostgreSQL (issue 5): sign-ups and catalogue search with one and two
# `kursbase serve` processes, and pgbench's simple-update as the server's ceiling.
#
#   bench/postgres.sh [--duration 20] [--connections 32] [--scale 10] [--signup-scale 1]
#                     [--pgbench-scale 10] [--server-threads 2] [--signup-threads 64]
#                     [--build DIR] [--keep] [--no-catalogue] [--no-signup]
#
# What it does, all on loopback (127.0.0.1):
#   1. starts a throwaway PostgreSQL 15 server with scripts/start-postgres.sh (as the
#      tests do: fsync on, synchronous_commit on, default settings otherwise) with its
#      data in a new folder under /tmp (same disk as the SQLite benches);
#   2. measures the fsync rate of its data directory (dd bs=4k oflag=dsync) and
#      pg_test_fsync's fdatasync rate (PostgreSQL's default wal_sync_method);
#   3. pgbench: `pgbench -i -s N`, then `pgbench -N` (simple update: three updates and
#      an insert per transaction, one commit) with --connections clients, 2 threads;
#   4. sign-ups: bench/enroll.sh --postgres (a new database each time) with one server,
#      then with two servers (two wrk processes, one per server, each with half the
#      connections, started together and summed — no load balancer in front);
#   5. catalogue: `kursbase demo --scale N` into a new SQLite file and into a new
#      PostgreSQL database, the JSON search mix of bench/catalogue.sh (the same 29
#      queries, replayed by bench/catalogue.lua) against SQLite with one server,
#      PostgreSQL with one server, and PostgreSQL with two servers (two wrk processes,
#      summed, as above);
#   6. prints a ready-to-paste Markdown summary (also in the results folder).
#
# wrk, the servers and PostgreSQL share the machine's cores. Results go to
# build-bench/bench-results/postgres-DATE/; everything started here is stopped on exit.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build-bench
DURATION=20
WARMUP=3
CONNECTIONS=32
SCALE=10
SIGNUP_SCALE=1
PGBENCH_SCALE=10
SERVER_THREADS=2   # catalogue mix (compared with the SQLite figures at 2 threads)
SIGNUP_THREADS=64  # sign-ups: write threads, the server's default (they wait on commits)
KEEP=0
CATALOGUE=1
SIGNUP=1

while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --signup-scale) SIGNUP_SCALE=$2; shift 2 ;;
    --pgbench-scale) PGBENCH_SCALE=$2; shift 2 ;;
    --server-threads) SERVER_THREADS=$2; shift 2 ;;
    --signup-threads) SIGNUP_THREADS=$2; shift 2 ;;
    --build) BUILD=$(realpath -m "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-catalogue) CATALOGUE=0; shift ;;
    --no-signup) SIGNUP=0; shift ;;
    -h|--help) sed -n '2,27p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BUILD/bench-results/postgres-$STAMP
mkdir -p "$RESULTS"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $PG_BIN/pgbench ]] || { log "no PostgreSQL binaries (scripts/setup-deps.sh installs them)"; exit 1; }
need_tools wrk curl jq sqlite3
build_binary
BIN=$BUILD/kursbase

WORK=$(mktemp -d /tmp/kursbase-pgbench.XXXXXX)
chmod 755 "$WORK"
PG_DIR=$WORK/pg
SERVER_PIDS=()
stop_servers() {
  local pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  SERVER_PIDS=()
}
cleanup() {
  local rc=$?
  stop_servers
  "$ROOT/scripts/stop-postgres.sh" "$PG_DIR" 2>/dev/null || true
  if [[ $KEEP == 1 ]]; then log "kept $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine_info >"$RESULTS/machine.txt"
echo "postgresql: $("$PG_BIN/postgres" --version)" >>"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

log "starting PostgreSQL in $PG_DIR"
URL=$("$ROOT/scripts/start-postgres.sh" "$PG_DIR" | tail -1)
ADMIN_URL=$(pg_url_with_db "$URL" postgres)
log "PostgreSQL at $URL"
pg_psql "$ADMIN_URL" -A -t -c "SELECT name || '=' || setting FROM pg_settings WHERE name IN
  ('fsync', 'synchronous_commit', 'wal_sync_method', 'shared_buffers', 'commit_delay', 'max_connections')" \
  >"$RESULTS/pg-settings.txt"
log "settings: $(paste -sd' ' "$RESULTS/pg-settings.txt")"

SUMMARY=$RESULTS/summary.md
: >"$SUMMARY"

# --- fsync rate ------------------------------------------------------------------
FSYNC_DD=$(fsync_rate "$PG_DIR/data" 1000)
"$PG_BIN/pg_test_fsync" -s 3 -f "$PG_DIR/data/pg_test_fsync.tmp" >"$RESULTS/pg_test_fsync.txt" 2>&1 || true
FSYNC_PG=$(awk '/one 8kB write/ { one = 1 } one && $1 == "fdatasync" { printf "%.0f", $2; exit }' \
  "$RESULTS/pg_test_fsync.txt")
log "fsync rate: dd $FSYNC_DD/s; pg_test_fsync fdatasync (one 8 kB write) ${FSYNC_PG:-?}/s"

# --- pgbench -N ---------------------------------------------------------------------
PGB_URL=$(pg_url_with_db "$URL" pgbench)
pg_psql "$ADMIN_URL" -c "CREATE DATABASE pgbench"
log "pgbench -i -s $PGBENCH_SCALE"
"$PG_BIN/pgbench" -i -q -s "$PGBENCH_SCALE" "$PGB_URL" >"$RESULTS/pgbench-init.txt" 2>&1
pg_counters_url() {
  pg_psql "$1" -A -t -F ' ' -c "SELECT (SELECT wal_sync FROM pg_stat_wal),
    (SELECT sum(xact_commit) FROM pg_stat_database)"
}
read -r W0 _ <<<"$(pg_counters_url "$ADMIN_URL")"
DB0=$(pg_cpu_ticks "$PG_DIR"); B0=$(busy_ticks)
log "pgbench -N -c $CONNECTIONS -j 2 -T $DURATION"
"$PG_BIN/pgbench" -N -c "$CONNECTIONS" -j 2 -T "$DURATION" "$PGB_URL" >"$RESULTS/pgbench.txt" 2>&1
sleep 1  # the backends exit and are reaped: their CPU moves to the postmaster's cutime
DB1=$(pg_cpu_ticks "$PG_DIR"); B1=$(busy_ticks)
read -r W1 _ <<<"$(pg_counters_url "$ADMIN_URL")"
PGB_TPS=$(sed -n 's/^tps = \([0-9.]*\) (without initial connection time)/\1/p' "$RESULTS/pgbench.txt")
PGB_LAT=$(sed -n 's/^latency average = \([0-9.]*\) ms/\1/p' "$RESULTS/pgbench.txt")
PGB_TX=$(sed -n 's/^number of transactions actually processed: \([0-9]*\).*/\1/p' "$RESULTS/pgbench.txt")
PGB_SYNCS=$(awk -v w="$((W1 - W0))" -v t="$PGB_TX" 'BEGIN { printf "%.2f", t ? w / t : 0 }')
PGB_CPU=$(awk -v a="$DB0" -v b="$DB1" -v hz="$HZ" -v d="$DURATION" -v ma="$B0" -v mb="$B1" 'BEGIN {
  printf "%.2f %.2f", (b - a) / hz / d, (mb - ma) / hz / d }')
log "pgbench -N: $PGB_TPS tps, latency $PGB_LAT ms, $PGB_SYNCS WAL syncs per transaction, PostgreSQL/machine cores $PGB_CPU"

# --- sign-ups ------------------------------------------------------------------------------
SIGNUP_ROWS=$RESULTS/signup-rows.md
: >"$SIGNUP_ROWS"
if [[ $SIGNUP == 1 ]]; then
  for n in 1 2; do
    log "sign-ups on PostgreSQL with $n server(s)"
    "$ROOT/bench/enroll.sh" --postgres "$URL" --postgres-dir "$PG_DIR" --servers "$n" \
      --duration "$DURATION" --connections "$CONNECTIONS" --scale "$SIGNUP_SCALE" \
      --server-threads "$SERVER_THREADS" --write-threads "$SIGNUP_THREADS" --build "$BUILD" \
      --summary-out "$SIGNUP_ROWS" \
      2>&1 | tee "$RESULTS/enroll-$n.txt" >&2
  done
fi

# --- catalogue search mix --------------------------------------------------------------------
CAT_ROWS=()
if [[ $CATALOGUE == 1 ]]; then
  SQLITE_DB=$WORK/catalogue.db
  CAT_DB=kbbench_catalogue
  pg_psql "$ADMIN_URL" -c "CREATE DATABASE $CAT_DB"
  CAT_URL=$(pg_url_with_db "$URL" "$CAT_DB")
  for target in "$SQLITE_DB" "$CAT_URL"; do
    t0=$(date +%s%N)
    (kb_env "$BIN" demo --database "$target" --scale "$SCALE" --seed 1) >>"$RESULTS/demo.txt"
    t1=$(date +%s%N)
    log "demo --scale $SCALE into ${target%%:*}: $(( (t1 - t0) / 1000000 )) ms"
  done

  start_servers() {  # DATABASE N: N servers on it; sets BASES
    local db=$1 n=$2 i p
    BASES=()
    for ((i = 0; i < n; i++)); do
      p=$(free_port $((18280 + i)))
      kb_env KURSBASE_DATA_KEY_FILE="$WORK/data.key" "$BIN" serve --database "$db" \
        --listen "127.0.0.1:$p" --threads "$SERVER_THREADS" --static-dir "$BUILD/static" \
        >>"$RESULTS/catalogue-server.log" 2>&1 &
      SERVER_PIDS+=($!)
      wait_http "http://127.0.0.1:$p/healthz" 60 "${SERVER_PIDS[-1]}"
      BASES+=("http://127.0.0.1:$p")
      curl -fsS -o /dev/null "http://127.0.0.1:$p/api/v1/courses"  # builds the index
    done
  }

  # The JSON search mix of bench/catalogue.sh, from the SQLite server's facets
  # (the same seed gives the same catalogue on both engines).
  start_servers "$SQLITE_DB" 1
  BASE=${BASES[0]}
  curl -fsS "$BASE/api/v1/courses" >"$WORK/all.json"
  mapfile -t HFS < <(jq -r '.facets.hf[].value' "$WORK/all.json" | head -6)
  mapfile -t MUNS < <(jq -r '.facets.municipality[].value' "$WORK/all.json" | head -6)
  mapfile -t DIAG < <(jq -r '.facets.diagnosis[].value' "$WORK/all.json" | head -3)
  OSLO=0301
  jq -e '.facets.municipality[] | select(.value == "0301")' "$WORK/all.json" >/dev/null || OSLO=${MUNS[0]}
  FROM=$(date +%F)
  TO=$(date -d '+60 days' +%F)
  PAAR='p%C3%A5r%C3%B8rende'  # pårørende
  {
    echo "# JSON search mix of bench/catalogue.sh ($(date -u +%F))"
    for p in "q=kols" "q=diabetes" "q=$PAAR" "q=parkinson" "q=kreft" "q=hjerte" "q=demens" \
      "q=angst" "q=kols&municipality=$OSLO" "q=diabetes&language=nn" "q=kreft&format=digital" \
      "q=$PAAR&page=2" "q=smerte&free_seats=1" "q=rus" "field=mental_health" "target=children" \
      "language=nn" "format=digital" "free_seats=1" "no_referral=1" "hf=${HFS[0]}" \
      "hf=${HFS[1]}&target=children" "municipality=$OSLO" "municipality=${MUNS[1]}&free_seats=1" \
      "page=2" "diagnosis=${DIAG[0]}" "field=mental_health&free_seats=1&from=$FROM&to=$TO" \
      "from=$FROM&to=$TO" ""; do
      echo "/api/v1/courses${p:+?$p}"
    done
  } >"$RESULTS/paths-json.txt"
  grep -v '^#' "$RESULTS/paths-json.txt" | while read -r path; do
    code=$(curl -sS -o /dev/null -w '%{http_code}' "$BASE$path")
    [[ $code == 200 ]] || { log "not 200 ($code): $path"; exit 1; }
  done

  # cat_run NAME [PG_DIR]: one wrk process per server in BASES, summed.
  cat_run() {
    local name=$1 dbdir=${2:-} n=${#BASES[@]} i pids=() conns threads
    conns=$(( CONNECTIONS / n )); threads=$(( 2 / n )); [[ $threads -ge 1 ]] || threads=1
    for ((i = 0; i < n; i++)); do
      wrk -t"$threads" -c"$conns" -d"${WARMUP}s" -s "$ROOT/bench/catalogue.lua" "${BASES[$i]}" \
        -- "$RESULTS/paths-json.txt" >/dev/null &
      pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i"; done
    pids=()
    local c0 d0 b0 c1 d1 b1
    c0=$(proc_cpu_ticks "${SERVER_PIDS[*]}"); d0=$(pg_cpu_ticks "$dbdir"); b0=$(busy_ticks)
    for ((i = 0; i < n; i++)); do
      wrk -t"$threads" -c"$conns" -d"${DURATION}s" --timeout 10s --latency -s "$ROOT/bench/catalogue.lua" \
        "${BASES[$i]}" -- "$RESULTS/paths-json.txt" >"$RESULTS/wrk-catalogue-$name-$i.txt" &
      pids+=($!)
    done
    for i in "${pids[@]}"; do wait "$i"; done
    c1=$(proc_cpu_ticks "${SERVER_PIDS[*]}"); d1=$(pg_cpu_ticks "$dbdir"); b1=$(busy_ticks)
    local row
    row=$(cat "$RESULTS"/wrk-catalogue-"$name"-*.txt | grep '^BENCH' | awk -v name="$name" -v n="$n" -v t="$SERVER_THREADS" \
      -v c="$CONNECTIONS" -v hz="$HZ" -v d="$DURATION" -v sc="$((c1 - c0))" -v dc="$((d1 - d0))" \
      -v mc="$((b1 - b0))" -v load="$(cut -d' ' -f1 /proc/loadavg)" '
      { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        rps += v["rps"]; if (v["p50_us"] > p50) p50 = v["p50_us"]; if (v["p99_us"] > p99) p99 = v["p99_us"]
        bad += v["non2xx"] + v["socket_errors"] }
      END { printf "| %s | %d × %d | %d | %.0f | %.2f | %.2f | %.2f | %.2f | %.2f | %.0f | %d | %s |\n",
              name, n, t, c, rps, p50 / 1000, p99 / 1000, sc / hz / d, dc / hz / d, mc / hz / d,
              sc / hz * 1e6 / (rps * d), bad, load }')
    log "catalogue $name: $row"
    CAT_ROWS+=("$row")
  }

  cat_run sqlite ""
  stop_servers
  start_servers "$CAT_URL" 1
  cat_run postgres "$PG_DIR"
  stop_servers
  start_servers "$CAT_URL" 2
  cat_run postgres "$PG_DIR"
  stop_servers
fi

# --- summary ---------------------------------------------------------------------
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
{
  echo "PostgreSQL benchmark, $(date -u +%Y-%m-%dT%H:%MZ), $(nproc) CPUs, load average $LOAD_START at start, $LOAD_END at end"
  echo "$("$PG_BIN/postgres" --version); $(paste -sd' ' "$RESULTS/pg-settings.txt")"
  echo
  echo "fsync rate of the PostgreSQL data directory: dd bs=4k oflag=dsync $FSYNC_DD/s; pg_test_fsync fdatasync ${FSYNC_PG:-?}/s"
  echo
  echo "| ceiling | clients | tps | latency ms | WAL syncs per transaction | PostgreSQL cores | machine cores |"
  echo "|---|---|---|---|---|---|---|"
  read -r pgc mc <<<"$PGB_CPU"
  echo "| pgbench -N (scale $PGBENCH_SCALE) | $CONNECTIONS | ${PGB_TPS%.*} | $PGB_LAT | $PGB_SYNCS | $pgc | $mc |"
  if [[ -s $SIGNUP_ROWS ]]; then
    echo
    echo "Sign-ups (bench/enroll.sh; with 2 servers: two wrk processes, one per server, summed):"
    echo
    echo "| engine | servers × threads | conns | sign-ups/s | p50 ms | p99 ms | fsync/s (dd) | ratio | syncs per sign-up | server CPU µs/sign-up | DB CPU µs/sign-up | oversold | load avg |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
    cat "$SIGNUP_ROWS"
    awk -F'|' -v t="$PGB_TPS" '{ gsub(/ /, "", $5); printf "sign-ups/s ÷ pgbench tps, servers × threads %s: %.2f\n", $3, $5 / t }' "$SIGNUP_ROWS" | sed 's/  */ /g'
  fi
  if [[ ${#CAT_ROWS[@]} -gt 0 ]]; then
    echo
    echo "Catalogue JSON search mix (bench/catalogue.lua, 29 queries, --scale $SCALE; 2 servers: two wrk processes summed):"
    echo
    echo "| database | servers × threads | conns | req/s | p50 ms | p99 ms | server cores | PostgreSQL cores | machine cores | server CPU µs/req | errors | load avg |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|---|"
    printf '%s\n' "${CAT_ROWS[@]}"
  fi
} | tee "$SUMMARY"
log "results in $RESULTS"
