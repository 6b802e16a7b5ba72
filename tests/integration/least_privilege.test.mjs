// Least privilege (issue 11, item 3): `kursbase serve` never changes the schema.
// It checks that every migration it carries is applied and refuses to start
// with a clear message when one is not; `kursbase migrate` (run as the schema
// owner) applies them. On PostgreSQL the server then runs as an application
// role without DDL rights, as docs/operations.md sets it up, and that role can
// sign people up and read, but cannot change, delete or empty the audit log.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN                the kursbase binary
//   KURSBASE_TEST_DATABASE_URL  (postgres.* variant) a fresh, empty database
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/least_privilege.test.mjs

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, runDemo, startKursbase } from '../support/server.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlValue } from '../support/sql.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-leastpriv-'));
const ownerUrl = process.env.KURSBASE_TEST_DATABASE_URL || '';
const onPostgres = ownerUrl !== '';
const database = ownerUrl || join(workDir, 'kursbase.db');
// The application role: one per test database (roles are per server, and the
// postgres.* suites share one), named after the database.
const appRole = onPostgres ? `${new URL(ownerUrl).pathname.slice(1)}_app` : '';
const appUrl = onPostgres ? ownerUrl.replace(/\/\/[^@/]+@/, `//${appRole}@`) : '';

const servers = [];
after(async () => {
  for (const s of servers) await s.stop();
  if (onPostgres) {
    sqlValue(ownerUrl, `DROP OWNED BY ${appRole}`);
    sqlValue(ownerUrl, `DROP ROLE IF EXISTS ${appRole}`);
  }
  rmSync(workDir, { recursive: true, force: true });
});

// `kursbase serve` as far as it gets on its own: its exit status and output.
async function serveOnce(db) {
  const port = await freePort();
  return spawnSync(BIN, ['serve', '--database', db, '--listen', `127.0.0.1:${port}`],
    { encoding: 'utf8', timeout: 20000, cwd: workDir });
}

// psql as `url`'s role: the exit status and the error text.
function psqlAs(url, statement) {
  const r = spawnSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', statement],
    { encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr };
}

const STAFF_PASSWORD = 'a long passphrase for the auditor';

// Signs in through the form (the anonymous CSRF pair) and returns the session cookie.
async function signInAsStaff(baseUrl, username) {
  const page = await fetch(`${baseUrl}/innlogging`);
  const csrfCookie = page.headers.getSetCookie().find((c) => c.startsWith('kursbase_csrf='));
  assert.ok(csrfCookie, 'the sign-in page sets the CSRF cookie');
  const token = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const res = await fetch(`${baseUrl}/innlogging`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: csrfCookie.split(';')[0] },
    body: new URLSearchParams({ csrf: token, username, password: STAFF_PASSWORD, neste: '/ansatt' }),
  });
  assert.equal(res.status, 303, `sign-in: ${res.status}`);
  const session = res.headers.getSetCookie().find((c) => c.startsWith('kursbase_session='));
  assert.ok(session, 'a session cookie');
  return session.split(';')[0];
}

test('serve refuses a database whose schema is not current, and says what to run', async () => {
  if (onPostgres) {
    sqlValue(ownerUrl, `CREATE ROLE ${appRole} LOGIN`);
    sqlValue(ownerUrl, `GRANT CONNECT ON DATABASE ${new URL(ownerUrl).pathname.slice(1)} TO ${appRole}`);
    sqlValue(ownerUrl, `GRANT USAGE ON SCHEMA public TO ${appRole}`);
  }
  const r = await serveOnce(onPostgres ? appUrl : database);
  assert.notEqual(r.status, 0, `serve started on an empty database:\n${r.stdout}${r.stderr}`);
  assert.match(r.stderr, /schema is at version 0/, r.stderr);
  assert.match(r.stderr, /kursbase migrate/, r.stderr);
  // It created nothing: the schema is still empty.
  const tables = onPostgres
    ? sqlValue(ownerUrl, "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
    : sqlValue(database, "SELECT count(*) FROM sqlite_master WHERE type = 'table'");
  assert.equal(tables, '0');
});

test('after kursbase migrate the server starts and serves', async () => {
  const m = spawnSync(BIN, ['migrate', '--database', database], { encoding: 'utf8', cwd: workDir });
  assert.equal(m.status, 0, `${m.stdout}${m.stderr}`);
  runDemo({ bin: BIN, database, cwd: workDir });
  if (onPostgres) {
    // docs/operations.md, "Roles on PostgreSQL".
    sqlValue(ownerUrl, `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO ${appRole}`);
    sqlValue(ownerUrl, `GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO ${appRole}`);
    sqlValue(ownerUrl, `REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM ${appRole}`);
  }
  // The private link comes by mail (issue 11); sending marks the outbox row
  // sent, which the app role must be allowed to do.
  const sink = await startSmtpSink();
  const server = await startKursbase({ bin: BIN, database: onPostgres ? appUrl : database, cwd: workDir,
    env: { KURSBASE_SMTP_URL: sink.url } });
  servers.push(server);
  servers.push({ stop: () => sink.close() });
  const { getJson, enroll, smallestOpenRun } = jsonClient(server.baseUrl);
  const run = await smallestOpenRun();
  const mine = await enroll(run.id, { name: 'Ola Minste', email: 'ola.minste@example.org' }, sink);
  assert.equal(mine.run_id, run.id);
  const now = await getJson(`/api/v1/runs/${run.id}`);
  assert.equal(now.seats_left, run.seats_left - 1);
  // A staff member signs in and reads the audit log: both are audited, by the
  // server's role.
  const audited = Number(sqlValue(database, 'SELECT count(*) FROM audit_log'));
  const add = spawnSync(BIN, ['user', 'add', '--database', database, '--username', 'revisor',
    '--name', 'Rita Revisor', '--role', 'auditor:nation'],
  { input: STAFF_PASSWORD, encoding: 'utf8', cwd: workDir });
  assert.equal(add.status, 0, `${add.stdout}${add.stderr}`);
  const session = await signInAsStaff(server.baseUrl, 'revisor');
  const log = await fetch(`${server.baseUrl}/ansatt/logg`, { headers: { Cookie: session } });
  assert.equal(log.status, 200);
  assert.match(await log.text(), /Rita Revisor/);
  assert.ok(Number(sqlValue(database, 'SELECT count(*) FROM audit_log')) >= audited + 2,
    'the sign-in and the audit-log search were recorded');
});

test('as the application role the audit log is append-only and the schema is not its to change',
  { skip: !onPostgres && 'PostgreSQL only (roles)' }, () => {
    // It may add to the log ...
    const insert = psqlAs(appUrl, `INSERT INTO audit_log (occurred_at, account_id, account_name,
      role, scope, action, route, object_type, object_id, person_id, client_address)
      VALUES ('2027-01-01T00:00:00Z', 0, 'test', 'system', 'nation', 'test', 'test', 'test', '1',
      NULL, '127.0.0.1')`);
    assert.equal(insert.status, 0, insert.stderr);
    // ... but not change, delete or empty it, nor drop its guard or make tables.
    for (const statement of [
      "UPDATE audit_log SET action = 'tampered'",
      'DELETE FROM audit_log',
      'TRUNCATE audit_log',
      'DROP TRIGGER audit_log_no_change ON audit_log',
      'DROP TABLE audit_log',
      'CREATE TABLE intruder (id INTEGER)',
    ]) {
      const r = psqlAs(appUrl, statement);
      assert.notEqual(r.status, 0, `the application role could: ${statement}`);
      assert.match(r.stderr, /permission denied|must be owner/, `${statement}: ${r.stderr}`);
    }
    assert.equal(sqlValue(ownerUrl, "SELECT count(*) FROM audit_log WHERE action = 'tampered'"), '0');
  });
