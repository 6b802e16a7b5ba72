#!/usr/bin/env bash
# with_fresh_postgres.sh NAME COMMAND...: runs COMMAND with KURSBASE_TEST_DATABASE_URL
# set to a new, empty database on the PostgreSQL server of ctest's `postgres`
# fixture, whose URL scripts/start-postgres.sh wrote to the file named by
# KURSBASE_TEST_POSTGRES_URL_FILE. The "postgres.*" variants of the Node suites
# run through this; without the fixture it fails, so such a variant can never
# quietly pass on SQLite.
set -euo pipefail
name=${1:?usage: with_fresh_postgres.sh NAME COMMAND...}
shift
url_file=${KURSBASE_TEST_POSTGRES_URL_FILE:-}
if [[ -z $url_file || ! -s $url_file ]]; then
  echo "with_fresh_postgres: no PostgreSQL server (KURSBASE_TEST_POSTGRES_URL_FILE='$url_file');" \
    "run this test through ctest, whose postgres fixture starts one" >&2
  exit 1
fi
url=$(head -n 1 "$url_file")
psql=$(command -v psql || ls -d /usr/lib/postgresql/*/bin/psql 2>/dev/null | sort -V | tail -n 1)
db="kb_${name//[^a-z0-9_]/_}_$$"
"$psql" -q -v ON_ERROR_STOP=1 -d "$url" -c "CREATE DATABASE $db"
export KURSBASE_TEST_DATABASE_URL="${url%/*}/$db"
exec "$@"
