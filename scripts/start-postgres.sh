#!/usr/bin/env bash
# start-postgres.sh DIR: starts a throwaway PostgreSQL server (Debian's binaries)
# on a free loopback port with its data in DIR, creates database `kursbase`,
# and writes its URL to DIR/url. Stop it with scripts/stop-postgres.sh DIR.
# Used by `make test` (a ctest fixture) and by benchmarks.
set -euo pipefail
dir=$(realpath -m "$1")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[[ -x $bin/initdb ]] || { echo "start-postgres: no PostgreSQL server binaries" >&2; exit 1; }

"$(dirname "$0")/stop-postgres.sh" "$dir" 2>/dev/null || true
rm -rf "$dir"
mkdir -p "$dir"

# PostgreSQL refuses to run as root: run it as the `postgres` user then.
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
  chown postgres "$dir"
  chmod 755 "$dir"
  as_owner=(runuser -u postgres --)
fi

port=$(node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})")
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U kursbase --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log"
# fsync stays on: the kill tests rely on durable commits.
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c max_connections=200" start >/dev/null
"$bin/psql" -q -h 127.0.0.1 -p "$port" -U kursbase -d postgres -c "CREATE DATABASE kursbase"
echo "postgresql://kursbase@127.0.0.1:$port/kursbase" >"$dir/url"
echo "postgresql://kursbase@127.0.0.1:$port/kursbase"
