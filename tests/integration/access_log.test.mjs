// "Who has looked at my data" on the private link (issue 4): the manage page
// /pamelding/{token} and GET /api/v1/enrollments/{token} show the audit
// entries about the enrolled person (AuditLog::about_person), with the staff
// member's name and role, the time in Europe/Oslo and what was done.
//
// The audit rows are written into the database with the sqlite3 shell or psql,
// as AuditLog::record() would write them, so the test does not depend on which
// staff pages audit reads; a row about another person must not show.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/access_log.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, startKursbase } from '../support/server.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlValue } from '../support/sql.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-accesslog-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
let server = null;
let sink = null;  // the private links come by mail (issue 11)
let baseUrl = '';
const { enroll, openPrivateLink } = jsonClient(() => baseUrl);

const sql = (statement) => sqlValue(dbPath, statement);

const signUp = (runId, name, email) => enroll(runId, { name, email }, sink);

const personOf = (enrollmentId) =>
  Number(sql(`SELECT person_id FROM enrollment WHERE id = ${Number(enrollmentId)};`));

function recordAudit({ at, account, name, role, action, person }) {
  sql(`INSERT INTO audit_log (occurred_at, account_id, account_name, role, scope, action, route,
         object_type, object_id, person_id, client_address)
       VALUES ('${at}', ${account}, '${name}', '${role}', 'health_trust', '${action}',
         'GET /ansatt/gjennomforing/{id}', 'enrollment', '1', ${person}, '127.0.0.1');`);
}

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  sink = await startSmtpSink();
  server = await startKursbase({ bin: BIN, database: dbPath, env: { KURSBASE_SMTP_URL: sink.url } });
  baseUrl = server.baseUrl;
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('the private link shows who looked at the person, and only them', async () => {
  const search = await (await fetch(`${baseUrl}/api/v1/courses?no_referral=1&free_seats=1`)).json();
  const course = await (await fetch(`${baseUrl}/api/v1/courses/${search.items[0].id}`)).json();
  const run = course.runs.find((r) => r.status === 'open' && r.seats_left >= 2);
  assert.ok(run, 'an open run with two free seats');

  const me = await signUp(run.id, 'Åse Innsyn', 'ase.innsyn@example.no');
  const other = await signUp(run.id, 'Per Annen', 'per.annen@example.no');

  // Nobody has looked yet.
  let json = await (await fetch(`${baseUrl}/api/v1/enrollments/${me.manage_token}`)).json();
  assert.deepEqual(json.access_log, []);
  let html = await (await openPrivateLink(me.manage_token)).response.text();
  assert.match(html, /Hvem har sett opplysningene dine/);
  assert.match(html, /id="access-log-empty"/);

  recordAudit({ at: '2027-01-15T09:30:00Z', account: 7, name: 'Kari Kursleder',
    role: 'course_leader', action: 'view_participants', person: personOf(me.id) });
  recordAudit({ at: '2027-07-01T12:05:00Z', account: 8, name: 'Lars LMS',
    role: 'lms_advisor', action: 'view_national_id', person: personOf(me.id) });
  recordAudit({ at: '2027-02-01T08:00:00Z', account: 9, name: 'Ola Annensteds',
    role: 'professional', action: 'view_participants', person: personOf(other.id) });

  json = await (await fetch(`${baseUrl}/api/v1/enrollments/${me.manage_token}`)).json();
  assert.deepEqual(json.access_log, [
    // Newest first; winter and summer time in Oslo.
    { at: '2027-07-01T14:05:00+02:00', first_at: '2027-07-01T14:05:00+02:00',
      staff_name: 'Lars LMS', role: 'lms_advisor', action: 'view_national_id', event: 'view' },
    { at: '2027-01-15T10:30:00+01:00', first_at: '2027-01-15T10:30:00+01:00',
      staff_name: 'Kari Kursleder', role: 'course_leader', action: 'view_participants',
      event: 'view' },
  ]);

  const { response: res } = await openPrivateLink(me.manage_token);
  assert.equal(res.status, 200);
  assert.match(res.headers.get('cache-control') || '', /no-store/);
  html = await res.text();
  const table = /<table[^>]*id="access-log"[\s\S]*?<\/table>/.exec(html);
  assert.ok(table, 'the page should have the access-log table');
  const rows = [...table[0].matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)]
    .map((m) => m.slice(1));
  assert.equal(rows.length, 2, table[0]);
  assert.match(rows[0][0], /1\. juli 2027 kl\. 14\.05/);
  assert.deepEqual(rows[0].slice(1), ['Lars LMS', 'LMS-rådgiver', 'Så fødselsnummer']);
  assert.match(rows[1][0], /15\. januar 2027 kl\. 10\.30/);
  assert.deepEqual(rows[1].slice(1), ['Kari Kursleder', 'Kursleder', 'Så deltakerliste']);
  assert.ok(!html.includes('Ola Annensteds'), "another person's audit entry must not show");

  // The other person sees only their own entry.
  json = await (await fetch(`${baseUrl}/api/v1/enrollments/${other.manage_token}`)).json();
  assert.deepEqual(json.access_log.map((l) => l.staff_name), ['Ola Annensteds']);
});

// Issue 12: one line per visit and purpose, in plain Norwegian. Kari opens the
// waiting list three times within a few minutes (rows written before the event
// kind was recorded, read from their GET route as looks), then moves someone
// on it: two lines, "Så ventelisten" 10.30–10.34 and "Endret venteliste".
test('the private link shows one line per visit and purpose, not one per request', async () => {
  const search = await (await fetch(`${baseUrl}/api/v1/courses?no_referral=1&free_seats=1`)).json();
  const course = await (await fetch(`${baseUrl}/api/v1/courses/${search.items[0].id}`)).json();
  const run = course.runs.find((r) => r.status === 'open' && r.seats_left >= 1);
  const me = await signUp(run.id, 'Gro Gruppert', 'gro.gruppert@example.no');
  for (const at of ['2027-01-15T09:30:00Z', '2027-01-15T09:32:00Z', '2027-01-15T09:34:00Z'])
    recordAudit({ at, account: 7, name: 'Kari Kursleder', role: 'course_leader',
      action: 'manage_waiting_list', person: personOf(me.id) });
  sql(`INSERT INTO audit_log (occurred_at, account_id, account_name, role, scope, action, event,
         route, object_type, object_id, person_id, client_address)
       VALUES ('2027-01-15T09:35:00Z', 7, 'Kari Kursleder', 'course_leader', 'health_trust',
         'manage_waiting_list', 'change', 'POST /ansatt/gjennomforing/{id}/venteliste/flytt',
         'enrollment', '1', ${personOf(me.id)}, '127.0.0.1');`);
  const json = await (await fetch(`${baseUrl}/api/v1/enrollments/${me.manage_token}`)).json();
  assert.deepEqual(json.access_log.map((l) => [l.event, l.first_at, l.at]), [
    ['change', '2027-01-15T10:35:00+01:00', '2027-01-15T10:35:00+01:00'],
    ['view', '2027-01-15T10:30:00+01:00', '2027-01-15T10:34:00+01:00'],
  ]);
  const html = await (await openPrivateLink(me.manage_token)).response.text();
  const table = /<table[^>]*id="access-log"[\s\S]*?<\/table>/.exec(html);
  const rows = [...table[0].matchAll(/<tr><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><td>(.*?)<\/td><\/tr>/g)]
    .map((m) => m.slice(1));
  assert.equal(rows.length, 2, table[0]);
  assert.deepEqual(rows[0].slice(1), ['Kari Kursleder', 'Kursleder', 'Endret venteliste']);
  assert.match(rows[1][0], /15\. januar 2027 kl\. 10\.30–10\.34/);
  assert.deepEqual(rows[1].slice(1), ['Kari Kursleder', 'Kursleder', 'Så ventelisten']);
});
