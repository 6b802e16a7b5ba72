#!/usr/bin/env bash
# stop-postgres.sh DIR: stops the server started by start-postgres.sh DIR.
set -euo pipefail
dir=$(realpath -m "$1")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -f $dir/data/postmaster.pid ]] || exit 0
as_owner=()
[[ $(id -u) -eq 0 ]] && as_owner=(runuser -u postgres --)
# Fast first (clients are cut off, a shutdown checkpoint is written). On a loaded
# machine that checkpoint has taken over 60 s (seen with ctest -j2 and other builds
# on 2 cores); the data is a test run's and goes next time, so then stop at once.
if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null; then
  echo "stop-postgres: fast shutdown took over 60 s; stopping immediately" >&2
  "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate -w -t 60 stop >/dev/null
fi
