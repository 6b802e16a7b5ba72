# shellcheck shell=bash
# Helpers shared by bench/enroll.sh and bench/postgres.sh (sourced, not run).
# The caller sets ROOT, BUILD, RESULTS and WORK before calling most of them.

log() { printf '[%s] %s\n' "$(date +%T)" "$*" | tee -a "$RESULTS/log.txt" >&2; }

SUDO=
[[ $(id -u) -ne 0 ]] && SUDO=sudo

need_tools() {  # installs missing Debian packages: need_tools wrk curl jq ...
  local missing=() t
  for t in "$@"; do command -v "$t" >/dev/null || missing+=("$t"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing ${missing[*]}"
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq "${missing[@]}"
}

build_binary() {  # a RelWithDebInfo build in $BUILD when the binary is missing
  if [[ ! -x $BUILD/kursbase ]]; then
    log "building RelWithDebInfo binary in $BUILD"
    cmake -S "$ROOT" -B "$BUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
    ninja -C "$BUILD" kursbase kursbase_static
  fi
  [[ -d $BUILD/static ]] || ninja -C "$BUILD" kursbase_static >/dev/null
}

free_port() {  # first port from $1 nobody listens on (loopback)
  local p=$1
  while (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; do p=$((p + 1)); done
  echo "$p"
}

wait_http() {  # URL, seconds [, pid that must stay alive]
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    curl -fsS -o /dev/null "$1" 2>/dev/null && return 0
    if [[ -n ${3:-} ]] && ! kill -0 "$3" 2>/dev/null; then
      log "the server ($3) exited before answering $1"; return 1
    fi
    sleep 0.1
  done
  log "no answer from $1"; return 1
}

machine_info() {
  echo "date: $(date -u +%Y-%m-%dT%H:%MZ)"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
  echo "memory: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "kernel: $(uname -r)"
  echo "filesystem of $WORK: $(df -T "$WORK" | awk 'NR == 2 {print $2 " on " $1}')"
  echo "wrk: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
  echo "loadavg: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "commit: $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null)$(git -C "$ROOT" diff --quiet 2>/dev/null || echo ' (+ uncommitted changes)')"
}

# fsync_rate DIR WRITES: synchronous 4 kB writes per second in DIR
# (`dd oflag=dsync`: every write() returns only once the data is on disk, which is
# what a durable commit waits for). Prints the rate, e.g. "812".
fsync_rate() {
  local dir=$1 n=$2 f secs
  f=$dir/fsync-probe.$$
  secs=$(LC_ALL=C dd if=/dev/zero of="$f" bs=4k count="$n" oflag=dsync 2>&1 |
    sed -n 's/.* copied, \([0-9.e+-]*\) s.*/\1/p')
  rm -f "$f"
  awk -v n="$n" -v s="$secs" 'BEGIN { printf "%.0f", n / s }'
}

# kursbase with a clean environment: no KURSBASE_* or config file from the caller
# changes what is measured. Extra settings come as NAME=VALUE before the command.
# It execs: call it as `kb_env ... &` (then $! is kursbase itself) or in a subshell,
# `(kb_env ...)`, in the foreground.
kb_env() {
  cd "$WORK" && exec env -i PATH="$PATH" HOME="${HOME:-/root}" LANG=C.UTF-8 "$@"
}

proc_cpu_ticks() {  # utime + stime of processes (with their threads), in clock ticks
  local pid sum=0 t
  for pid in $1; do
    t=$(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)
    sum=$((sum + t))
  done
  echo "$sum"
}
busy_ticks() {  # machine-wide non-idle ticks
  awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 }' /proc/stat
}
HZ=$(getconf CLK_TCK)  # used by the scripts that source this file
export HZ

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<" $1"; }

# CPU ticks of a PostgreSQL server started by scripts/start-postgres.sh DIR: the
# postmaster with its reaped children (backends that ended: cutime + cstime) plus
# every live child. Sampled afresh each time, so backends that start or end between
# two samples are counted. Prints 0 when there is no DIR (SQLite).
pg_cpu_ticks() {
  local master sum pid
  [[ -n ${1:-} && -f $1/data/postmaster.pid ]] || { echo 0; return; }
  master=$(head -1 "$1/data/postmaster.pid")
  sum=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$master/stat")
  for pid in $(pgrep -P "$master"); do
    sum=$((sum + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}

# postgresql://user@host:port/db → the same URL with another database name.
pg_url_with_db() { sed -E "s#/[^/?]*(\?.*)?\$#/$2\1#" <<<"$1"; }
pg_psql() {  # URL, then psql arguments
  local url=$1; shift
  psql -X -q -v ON_ERROR_STOP=1 "$url" "$@"
}
