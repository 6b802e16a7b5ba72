#!/usr/bin/env bash
# stop-postgres.sh DIR: stops the server started by start-postgres.sh DIR.
set -euo pipefail
dir=$(realpath -m "$1")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -f $dir/data/postmaster.pid ]] || exit 0
as_owner=()
[[ $(id -u) -eq 0 ]] && as_owner=(runuser -u postgres --)
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null
