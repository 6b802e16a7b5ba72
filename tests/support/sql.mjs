// SQL against the test's database, whichever engine it is: the sqlite3 shell for
// a SQLite file, psql for a postgresql:// URL (the postgres.* variants of the
// suites). Statements must be portable SQL; booleans are best selected as 0/1.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';

const isPostgres = (database) => /^postgres(ql)?:\/\//.test(database);

function psqlBinary() {
  for (const dir of ['/usr/bin', ...readdirSync('/usr/lib/postgresql').sort().reverse()
    .map((v) => `/usr/lib/postgresql/${v}/bin`)]) {
    if (existsSync(`${dir}/psql`)) return `${dir}/psql`;
  }
  return 'psql';
}

function run(database, statement, json) {
  const r = isPostgres(database)
    ? spawnSync(psqlBinary(), ['-X', '-q', '-A', '-t', '-v', 'ON_ERROR_STOP=1', '-d', database, '-c',
      json ? `SELECT coalesce(json_agg(t), '[]') FROM (${statement.replace(/;\s*$/, '')}) t` : statement],
    { encoding: 'utf8' })
    : spawnSync(process.env.SQLITE3 || '/usr/bin/sqlite3',
      [...(json ? ['-json'] : []), '-cmd', '.timeout 5000', database, statement], { encoding: 'utf8' });
  assert.equal(r.status, 0, `SQL failed (${statement}): ${r.stderr || r.error}`);
  return r.stdout.trim();
}

// The output of a statement, as the shell prints a single value ("" for none).
export function sqlValue(database, statement) {
  return run(database, statement, false);
}

// The rows of a SELECT as objects.
export function sqlRows(database, select) {
  return JSON.parse(run(database, select, true) || '[]');
}
