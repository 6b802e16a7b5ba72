#!/usr/bin/env bash
# Sign-ups per second with durable commits, against the disk's fsync rate (issue 3).
#
#   bench/enroll.sh [--duration 20] [--connections 64] [--runs 150] [--scale 1]
#                   [--servers 1] [--postgres URL] [--fsync-writes 1000]
#                   [--server-threads 2] [--write-threads 64] [--write-group 64]
#                   [--build DIR] [--keep]
#                   [--no-strace]
#
# What it does, all on loopback (127.0.0.1) and in a fresh temporary folder:
#   1. builds a RelWithDebInfo binary in build-bench/ when it is missing; installs wrk,
#      curl, jq, sqlite3 (and strace) with apt-get when they are missing;
#   2. loads `kursbase demo --scale N --seed 1` into a new SQLite file in the work
#      folder or, with --postgres URL, into a new database on that PostgreSQL server
#      (created here, dropped on exit);
#   3. measures the fsync rate of the data directory: `dd bs=4k oflag=dsync` (every
#      4 kB write waits for the disk), before and after the sign-up runs;
#   4. picks --runs open runs of published courses that take sign-ups and have a
#      waiting list (capacities 8–16), so the run fills part of them and waitlists
#      the rest;
#   5. starts --servers `kursbase serve` processes on the same database (sign-up
#      127.0.0.1 trusted as a load balancer, so each person's X-Forwarded-For
#      address has its own rate-limit count as real visitors do; the limit is also
#      raised to 100 000 000, so the bench measures commits, not 429s), checks one
#      sign-up answers 202;
#   6. runs wrk with bench/enroll.lua: every request signs a new person up
#      (`POST /api/v1/runs/{id}/enrollments`, JSON) on a random run of the list.
#      Warm-up 2 s, then --duration. With 2 servers: two wrk processes, one per
#      server, each with half the connections, run at the same time and summed;
#   7. checks with SQL that every 202 is in the database, and that no run has more
#      seats taken (confirmed + offered) than its capacity ("oversold", must be 0),
#      that run.confirmed_count agrees with the rows, and that no two waitlisted
#      enrollments of a run share a position;
#   8. counts durable syncs per sign-up: on SQLite with `strace -c -f` of the server
#      during an extra 5 s run (it slows the server; not part of the figure), on
#      PostgreSQL from pg_stat_wal (wal_sync) and pg_stat_database (xact_commit)
#      over the measured run;
#   9. prints fsync rate, sign-ups/s, the ratio, and a ready-to-paste Markdown row.
#
# Results go to build-bench/bench-results/enroll-DATE/. Everything started here is
# stopped on exit; re-running is safe.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$ROOT/build-bench
DURATION=20
WARMUP=2
CONNECTIONS=64  # as bench/catalogue.sh: many people signing up at once
RUNS=150
SCALE=1
SERVERS=1
POSTGRES=
PG_DIR=
FSYNC_WRITES=1000
SERVER_THREADS=2   # the server's defaults: 2 threads for reads,
WRITE_THREADS=64   # 64 for writes (sign-ups)
WRITE_GROUP=64  # SQLite: most sign-ups per commit (database.write_group); 1: one commit each
WRK_THREADS=2
KEEP=0
STRACE=1
SUMMARY_OUT=

while [[ $# -gt 0 ]]; do
  case $1 in
    --duration) DURATION=$2; shift 2 ;;
    --warmup) WARMUP=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --runs) RUNS=$2; shift 2 ;;
    --scale) SCALE=$2; shift 2 ;;
    --servers) SERVERS=$2; shift 2 ;;
    --postgres) POSTGRES=$2; shift 2 ;;
    --postgres-dir) PG_DIR=$(realpath -m "$2"); shift 2 ;;  # start-postgres.sh DIR: fsync probe and CPU there
    --fsync-writes) FSYNC_WRITES=$2; shift 2 ;;
    --server-threads) SERVER_THREADS=$2; shift 2 ;;
    --write-threads) WRITE_THREADS=$2; shift 2 ;;
    --write-group) WRITE_GROUP=$2; shift 2 ;;
    --build) BUILD=$(realpath -m "$2"); shift 2 ;;
    --keep) KEEP=1; shift ;;
    --no-strace) STRACE=0; shift ;;
    --summary-out) SUMMARY_OUT=$2; shift 2 ;;  # appends the Markdown row (bench/postgres.sh)
    -h|--help) sed -n '2,37p' "$0"; exit 0 ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
done
[[ $SERVERS -ge 1 ]] || { echo "--servers must be at least 1" >&2; exit 2; }

BIN=$BUILD/kursbase
LUA=$ROOT/bench/enroll.lua
ENGINE=sqlite
[[ -n $POSTGRES ]] && ENGINE=postgres
STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BUILD/bench-results/enroll-$STAMP-$ENGINE-$SERVERS
mkdir -p "$RESULTS"
# shellcheck source=bench/lib.sh
source "$ROOT/bench/lib.sh"

need_tools wrk curl jq sqlite3
[[ $STRACE == 1 && $ENGINE == sqlite ]] && { need_tools strace || STRACE=0; }
build_binary

# --- cleanup -------------------------------------------------------------------
WORK=$(mktemp -d /tmp/kursbase-enroll.XXXXXX)
SERVER_PIDS=() BENCH_DB=
cleanup() {
  local rc=$? pid
  for pid in "${SERVER_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${SERVER_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [[ -n $BENCH_DB && $KEEP == 0 ]]; then
    pg_psql "$(pg_url_with_db "$POSTGRES" postgres)" -c "DROP DATABASE IF EXISTS $BENCH_DB" || true
  fi
  if [[ $KEEP == 1 ]]; then log "kept $WORK${BENCH_DB:+ and database $BENCH_DB}"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

machine_info >"$RESULTS/machine.txt"
cat "$RESULTS/machine.txt" >&2
LOAD_START=$(cut -d' ' -f1 /proc/loadavg)

# --- database --------------------------------------------------------------------
if [[ $ENGINE == sqlite ]]; then
  DATABASE=$WORK/signup.db
  DATA_DIR=$WORK
  sql() { sqlite3 -batch -noheader -separator ' ' "$DATABASE" "$1"; }
else
  BENCH_DB=kbbench_enroll_$(date +%s)_$$
  pg_psql "$(pg_url_with_db "$POSTGRES" postgres)" -c "CREATE DATABASE $BENCH_DB"
  DATABASE=$(pg_url_with_db "$POSTGRES" "$BENCH_DB")
  DATA_DIR=${PG_DIR:+$PG_DIR/data}
  DATA_DIR=${DATA_DIR:-$WORK}
  sql() { pg_psql "$DATABASE" -A -t -F ' ' -c "$1"; }
fi
log "loading demo --scale $SCALE into $ENGINE"
(kb_env "$BIN" demo --database "$DATABASE" --scale "$SCALE" --seed 1) >"$RESULTS/demo.txt"

FSYNC_BEFORE=$(fsync_rate "$DATA_DIR" "$FSYNC_WRITES")
log "fsync rate in $DATA_DIR: $FSYNC_BEFORE synchronous 4 kB writes/s (dd oflag=dsync, $FSYNC_WRITES writes)"

# Runs that take sign-ups now and keep doing so for the whole bench: open, of a
# published course, waiting list on, deadline at least two days ahead, taking
# public sign-ups (not staff registrations only; a referral course's sign-ups
# are requests that wait for the referral, as in real use).
LATER=$(date -u -d '+2 days' +%Y-%m-%dT%H:%M:%SZ)
sql "SELECT r.id FROM run r JOIN course c ON c.id = r.course_id
     WHERE r.state = 'open' AND c.status = 'published' AND r.waiting_list_enabled = 1
       AND r.staff_registration_only = 0
       AND r.registration_deadline > '$LATER' AND r.confirmed_count = 0
     ORDER BY r.id LIMIT $RUNS" >"$RESULTS/runs.txt"
NRUNS=$(grep -c . "$RESULTS/runs.txt" || true)
SEATS=$(sql "SELECT coalesce(sum(capacity), 0) FROM run WHERE id IN ($(paste -sd, "$RESULTS/runs.txt"))")
log "$NRUNS runs with $SEATS seats in all (waiting lists behind them)"
[[ $NRUNS -ge 10 ]] || { log "too few runs that take sign-ups (deadline format?)"; exit 1; }

# --- servers ---------------------------------------------------------------------
PORT=$(free_port 18180)
BASES=()
for ((i = 0; i < SERVERS; i++)); do
  p=$(free_port $((PORT + i)))
  kb_env KURSBASE_SIGN_UP_LIMIT=100000000 KURSBASE_TRUSTED_PROXIES=127.0.0.1 \
    KURSBASE_WRITE_GROUP="$WRITE_GROUP" \
    KURSBASE_DATA_KEY_FILE="$WORK/data.key" \
    "$BIN" serve --database "$DATABASE" --listen "127.0.0.1:$p" --threads "$SERVER_THREADS" \
    --write-threads "$WRITE_THREADS" \
    --static-dir "$BUILD/static" >"$RESULTS/server-$i.log" 2>&1 &
  SERVER_PIDS+=($!)
  wait_http "http://127.0.0.1:$p/healthz" 60 "${SERVER_PIDS[-1]}"
  BASES+=("http://127.0.0.1:$p")
done
log "servers: ${BASES[*]} (pids ${SERVER_PIDS[*]})"

# One sign-up by hand: the body and the route work (202), outside the measurement.
FIRST_RUN=$(head -1 "$RESULTS/runs.txt")
code=$(curl -sS -o "$RESULTS/first-answer.json" -w '%{http_code}' -H 'Content-Type: application/json' \
  -d '{"name":"Første Testperson","email":"first@example.com","kind":"patient","national_id":"01810000186","consent":true}' \
  "${BASES[0]}/api/v1/runs/$FIRST_RUN/enrollments")
if [[ $code != 202 ]]; then
  log "first sign-up answered $code: $(cat "$RESULTS/first-answer.json")"; exit 1
fi

# --- wrk ---------------------------------------------------------------------------
# run_wrk NAME SECONDS OFFSET_BASE: one wrk process per server, at the same time.
# Person numbers: stride = all wrk threads of all runs; each run gets its own offset
# range (OFFSET_BASE), so persons stay distinct across the warm-up, the measured run
# and the strace run.
TOTAL_THREADS=$WRK_THREADS
PER_THREADS=$(( WRK_THREADS / SERVERS )); [[ $PER_THREADS -ge 1 ]] || PER_THREADS=1
PER_CONNS=$(( CONNECTIONS / SERVERS )); [[ $PER_CONNS -ge $PER_THREADS ]] || PER_CONNS=$PER_THREADS
[[ $SERVERS -gt 1 ]] && TOTAL_THREADS=$(( PER_THREADS * SERVERS ))
STRIDE=$(( TOTAL_THREADS * 3 ))  # three wrk runs: warm-up, measured, strace
run_wrk() {
  local name=$1 secs=$2 base_offset=$3 i pids=()
  for ((i = 0; i < SERVERS; i++)); do
    wrk -t"$PER_THREADS" -c"$PER_CONNS" -d"${secs}s" --timeout 10s --latency -s "$LUA" "${BASES[$i]}" \
      -- "$RESULTS/runs.txt" $(( base_offset + i * PER_THREADS )) "$STRIDE" \
      >"$RESULTS/wrk-$name-$i.txt" 2>&1 &
    pids+=($!)
  done
  for i in "${pids[@]}"; do wait "$i"; done
  # Sum over the wrk processes: counts and req/s add; latency is the worst of them.
  cat "$RESULTS"/wrk-"$name"-*.txt | grep '^BENCH' | awk '
    { for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2]
        if (kv[1] ~ /_us$/) { if (kv[2] > m[kv[1]]) m[kv[1]] = kv[2] } else s[kv[1]] += kv[2] } }
    END { printf "BENCH"; for (k in s) printf " %s=%s", k, s[k]; for (k in m) printf " %s=%s", k, m[k]; printf "\n" }'
}

log "warm-up ${WARMUP}s"
run_wrk warmup "$WARMUP" 0 >"$RESULTS/warmup.bench"
log "warm-up: $(cat "$RESULTS/warmup.bench")"

count_enrollments() { sql "SELECT count(*) FROM enrollment"; }
pg_counters() {  # "wal_sync xact_commit" of the whole server
  sql "SELECT (SELECT wal_sync FROM pg_stat_wal),
              (SELECT sum(xact_commit) FROM pg_stat_database)"
}

E0=$(count_enrollments)
[[ $ENGINE == postgres ]] && read -r W0 X0 <<<"$(pg_counters)"
C0=$(proc_cpu_ticks "${SERVER_PIDS[*]}"); D0=$(pg_cpu_ticks "$PG_DIR"); B0=$(busy_ticks)
log "measured run: ${DURATION}s, $CONNECTIONS connections over $SERVERS server(s)"
WAITS_PID=
if [[ $ENGINE == postgres ]]; then
  # What the busy backends wait for, sampled twice a second: "Lock:transactionid" is a
  # row lock held by another transaction until its commit, "IO:WALSync" the flush.
  ( end=$((SECONDS + DURATION))
    while ((SECONDS < end)); do
      sql "SELECT coalesce(wait_event_type || ':' || wait_event, 'running') ||
             CASE WHEN wait_event_type = 'Lock' THEN ' (' || regexp_replace(left(query, 40), '\s+', ' ', 'g') || ')' ELSE '' END
           FROM pg_stat_activity WHERE datname = current_database() AND state = 'active'
             AND pid <> pg_backend_pid()" || true
      sleep 0.5
    done ) >"$RESULTS/pg-waits.txt" 2>/dev/null &
  WAITS_PID=$!
fi
LINE=$(run_wrk main "$DURATION" "$TOTAL_THREADS")
[[ -n $WAITS_PID ]] && wait "$WAITS_PID"
C1=$(proc_cpu_ticks "${SERVER_PIDS[*]}"); D1=$(pg_cpu_ticks "$PG_DIR"); B1=$(busy_ticks)
[[ $ENGINE == postgres ]] && read -r W1 X1 <<<"$(pg_counters)"
E1=$(count_enrollments)
LOAD_END=$(cut -d' ' -f1 /proc/loadavg)
echo "$LINE" >"$RESULTS/main.bench"
log "measured: $LINE"

CREATED=$(field "$LINE" created)
RPS=$(awk -v c="$CREATED" -v d="$DURATION" 'BEGIN { printf "%.1f", c / d }')
# wrk's own rate (requests / its measured duration) for the record; the figure is
# 201s / duration, so anything but a new sign-up does not count.
CPU=$(awk -v a="$C0" -v b="$C1" -v da="$D0" -v db="$D1" -v ma="$B0" -v mb="$B1" -v hz="$HZ" \
  -v d="$DURATION" -v c="$CREATED" 'BEGIN {
    s = (b - a) / hz / d; g = (db - da) / hz / d; m = (mb - ma) / hz / d
    printf "server_cores=%.2f db_cores=%.2f machine_cores=%.2f server_us_per_signup=%.0f db_us_per_signup=%.0f",
      s, g, m, c ? (b - a) / hz * 1e6 / c : 0, c ? (db - da) / hz * 1e6 / c : 0 }')
log "CPU: $CPU"

# --- checks ----------------------------------------------------------------------
STORED=$((E1 - E0))
log "202 answers: $CREATED; enrollments stored during the run: $STORED"
OVERSOLD=$(sql "SELECT count(*) FROM (SELECT r.id, r.capacity,
    (SELECT count(*) FROM enrollment e WHERE e.run_id = r.id AND e.status IN ('confirmed', 'offered')) AS taken
    FROM run r) x WHERE taken > capacity")
MISCOUNTED=$(sql "SELECT count(*) FROM (SELECT r.id, r.confirmed_count,
    (SELECT count(*) FROM enrollment e WHERE e.run_id = r.id AND e.status IN ('confirmed', 'offered')) AS taken
    FROM run r) x WHERE taken <> confirmed_count")
DUP_POSITIONS=$(sql "SELECT count(*) FROM (SELECT run_id, waitlist_position FROM enrollment
    WHERE status = 'waitlisted' GROUP BY run_id, waitlist_position HAVING count(*) > 1) x")
read -r CONFIRMED WAITLISTED FULL_RUNS <<<"$(sql "SELECT
    (SELECT count(*) FROM enrollment WHERE status = 'confirmed'),
    (SELECT count(*) FROM enrollment WHERE status = 'waitlisted'),
    (SELECT count(*) FROM run WHERE confirmed_count >= capacity AND confirmed_count > 0)")"
log "oversold runs: $OVERSOLD; runs whose confirmed_count disagrees with the rows: $MISCOUNTED; duplicate waiting-list positions: $DUP_POSITIONS"
log "in all: $CONFIRMED confirmed, $WAITLISTED waitlisted, $FULL_RUNS full runs"
CHECKS_OK=1
[[ $OVERSOLD == 0 && $MISCOUNTED == 0 && $DUP_POSITIONS == 0 ]] || CHECKS_OK=0
[[ $STORED -ge $CREATED ]] || { log "fewer rows than 202 answers: a 202 was not stored"; CHECKS_OK=0; }

# --- durable syncs per sign-up ------------------------------------------------------------
SYNCS=
if [[ $ENGINE == postgres ]]; then
  SYNCS=$(awk -v w="$((W1 - W0))" -v x="$((X1 - X0))" -v c="$CREATED" 'BEGIN {
    printf "wal_syncs_per_signup=%.2f transactions_per_signup=%.2f wal_syncs=%d transactions=%d", w / c, x / c, w, x }')
elif [[ $STRACE == 1 ]]; then
  STRACE_S=5
  strace -c -f -e trace=fsync,fdatasync -o "$RESULTS/strace.txt" -p "${SERVER_PIDS[0]}" &
  STRACE_PID=$!
  sleep 0.5
  SLINE=$(run_wrk strace "$STRACE_S" $(( TOTAL_THREADS * 2 )))
  kill -INT "$STRACE_PID" 2>/dev/null || true
  wait "$STRACE_PID" 2>/dev/null || true
  NSYNC=$(awk '$NF == "fsync" || $NF == "fdatasync" { s += $4 } END { print s + 0 }' "$RESULTS/strace.txt")
  SYNCS=$(awk -v s="$NSYNC" -v c="$(field "$SLINE" created)" 'BEGIN {
    printf "syncs_per_signup=%.2f syncs=%d signups_under_strace=%d", c ? s / c : 0, s, c }')
fi
[[ -n $SYNCS ]] && log "durable syncs: $SYNCS"
WAITS=
if [[ $ENGINE == postgres ]]; then
  WAITS=$(grep . "$RESULTS/pg-waits.txt" | sort | uniq -c | sort -rn | head -6 |
    awk '{ n = $1; $1 = ""; printf "%s%s ×%d", sep, substr($0, 2), n; sep = "; " }')
  log "busy backends, sampled every 0.5 s: $WAITS"
fi

FSYNC_AFTER=$(fsync_rate "$DATA_DIR" "$FSYNC_WRITES")
log "fsync rate after: $FSYNC_AFTER writes/s"

# --- summary ---------------------------------------------------------------------
FSYNC_MEAN=$(( (FSYNC_BEFORE + FSYNC_AFTER) / 2 ))
RATIO=$(awk -v r="$RPS" -v f="$FSYNC_MEAN" 'BEGIN { printf "%.2f", r / f }')
SPS=$(sed -n 's/.*syncs_per_signup=\([0-9.]*\).*/\1/p' <<<"$SYNCS" | head -1)
{
  echo "Sign-up benchmark: $ENGINE, $SERVERS server(s) × $SERVER_THREADS + $WRITE_THREADS threads (reads + writes), wrk $CONNECTIONS connections, ${DURATION} s$([[ $ENGINE == sqlite ]] && echo ", at most $WRITE_GROUP sign-ups per commit")"
  echo "  runs: $NRUNS ($SEATS seats, waiting lists on); load average $LOAD_START at start, $LOAD_END at end"
  echo "  fsync rate (dd bs=4k oflag=dsync in $DATA_DIR): $FSYNC_BEFORE/s before, $FSYNC_AFTER/s after"
  echo "  sign-ups/s (202 answers / duration): $RPS; ratio to the mean fsync rate: $RATIO (target ≥ 0.5)"
  echo "  latency: p50 $(awk -v v="$(field "$LINE" p50_us)" 'BEGIN{printf "%.1f", v/1000}') ms, p99 $(awk -v v="$(field "$LINE" p99_us)" 'BEGIN{printf "%.1f", v/1000}') ms; non-2xx $(field "$LINE" non2xx), socket errors $(field "$LINE" socket_errors), 429 $(field "$LINE" limited)"
  echo "  $CPU"
  [[ -n $SYNCS ]] && echo "  $SYNCS"
  [[ -n $WAITS ]] && echo "  PostgreSQL backends (samples): $WAITS"
  echo "  stored: $STORED rows for $CREATED 201s; in all $CONFIRMED confirmed, $WAITLISTED waitlisted, $FULL_RUNS full runs; oversold runs: $OVERSOLD; miscounted runs: $MISCOUNTED; duplicate positions: $DUP_POSITIONS"
  echo
  echo "| engine | servers × threads | conns | sign-ups/s | p50 ms | p99 ms | fsync/s (dd) | ratio | syncs per sign-up | server CPU µs/sign-up | DB CPU µs/sign-up | oversold | load avg |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
} >"$RESULTS/summary.md"
ENGINE_CELL=$ENGINE
[[ $ENGINE == sqlite ]] && ENGINE_CELL="sqlite, ≤ $WRITE_GROUP per commit"
ROW=$(awk -v e="$ENGINE_CELL" -v n="$SERVERS" -v t="$SERVER_THREADS + $WRITE_THREADS" -v c="$CONNECTIONS" -v r="$RPS" \
  -v p50="$(field "$LINE" p50_us)" -v p99="$(field "$LINE" p99_us)" -v f="$FSYNC_BEFORE–$FSYNC_AFTER" \
  -v ratio="$RATIO" -v s="${SPS:-–}" -v su="$(field "$CPU" server_us_per_signup)" \
  -v du="$(field "$CPU" db_us_per_signup)" -v o="$OVERSOLD" -v l="$LOAD_START–$LOAD_END" 'BEGIN {
    printf "| %s | %s × %s | %s | %.0f | %.1f | %.1f | %s | %s | %s | %s | %s | %s | %s |\n",
      e, n, t, c, r, p50 / 1000, p99 / 1000, f, ratio, s, su, (e ~ /^sqlite/ ? "–" : du), o, l }')
echo "$ROW" >>"$RESULTS/summary.md"
[[ -n $SUMMARY_OUT ]] && echo "$ROW" >>"$SUMMARY_OUT"
cat "$RESULTS/summary.md"
log "results in $RESULTS"
[[ $CHECKS_OK == 1 ]] || { log "CHECK FAILED (see above)"; exit 1; }
