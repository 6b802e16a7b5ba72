// The auditor's search of the audit log (issue 12): by the person's name or ID
// number (typed into a POST form, looked up by the keyed hash the sign-up
// stored, never in a URL), staff name, course and dates; pages of 50 with the
// criteria carried along; a CSV download that is itself on record as an
// export; reversed dates and a wrong ID number get 400 with the form kept.
//
// The person signs up through the public JSON API on a run that asks for the
// ID number, so the lookup is checked against what sign-up really wrote. The
// audit rows about them are written with the sqlite3 shell or psql, as
// AuditLog::record() writes them (as integration_access_log does).
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN                the kursbase binary
//   KURSBASE_TEST_DATABASE_URL  (postgres.* variant) a fresh database
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/audit_search.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, startKursbase } from '../support/server.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlValue } from '../support/sql.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-auditsearch-'));
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
let server = null;
let sink = null;
let baseUrl = '';
const { getJson, signUp } = jsonClient(() => baseUrl);
const sql = (statement) => sqlValue(dbPath, statement);

const NATIONAL_ID = '13097248022';  // a valid synthetic number (test vector)
const PERSON = { name: 'Åse Revisjonsdatter', email: 'ase.revisjon@example.no' };
const PASSWORD = 'et langt passord for revisoren';
const PAGE = 50;  // rows per page (http/staff/audit_routes.cpp)

let session = '';  // the auditor's session cookie
let csrf = '';     // its form token
let course = '';   // the title of the person's course
let runId = 0;
let personId = 0;  // the person's id, as the audit rows name them

// An open run whose sign-up form asks for the ID number.
async function runAskingForIdNumber() {
  for (let page = 1; page <= 20; page++) {
    const search = await getJson(`/api/v1/courses?free_seats=1&page_size=50&page=${page}`);
    for (const item of search.items) {
      const c = await getJson(`/api/v1/courses/${item.id}`);
      for (const run of c.runs) {
        if (run.status !== 'open' || run.seats_left < 1) continue;
        const form = await (await fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`)).text();
        if (form.includes('name="national_id"')) return { run, title: c.title };
      }
    }
    if (search.items.length < 50) break;
  }
  return null;
}

function recordAudit({ at, account, name, action, person, objectType, objectId }) {
  sql(`INSERT INTO audit_log (occurred_at, account_id, account_name, role, scope, action, event,
         route, object_type, object_id, person_id, client_address)
       VALUES ('${at}', ${account}, '${name}', 'course_leader', 'course', '${action}', 'view',
         'GET /ansatt/gjennomforing/{id}', '${objectType}', '${objectId}',
         ${person === null ? 'NULL' : person}, '10.1.2.3');`);
}

async function signIn(username) {
  const page = await fetch(`${baseUrl}/innlogging`);
  const cookie = page.headers.getSetCookie().find((c) => c.startsWith('kursbase_csrf='));
  const token = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const res = await fetch(`${baseUrl}/innlogging`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie.split(';')[0] },
    body: new URLSearchParams({ csrf: token, username, password: PASSWORD, neste: '/ansatt/logg' }),
  });
  assert.equal(res.status, 303, `sign-in: ${res.status}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('kursbase_session=')).split(';')[0];
}

// POST /ansatt/logg (or .csv) with `fields`: { status, text, headers }.
async function search(fields, path = '/ansatt/logg') {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: session },
    body: new URLSearchParams({ csrf, ...fields }),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

// The result table's rows as arrays of cell texts.
function rowsOf(html) {
  const body = /<tbody>([\s\S]*?)<\/tbody>/.exec(html);
  if (!body) return [];
  return [...body[1].matchAll(/<tr>([\s\S]*?)<\/tr>/g)]
    .map((m) => [...m[1].matchAll(/<td>(.*?)<\/td>/g)].map((c) => c[1]));
}

const valueOf = (html, name) => new RegExp(`name="${name}" value="([^"]*)"`).exec(html)?.[1];

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  sink = await startSmtpSink();
  server = await startKursbase({ bin: BIN, database: dbPath, env: { KURSBASE_SMTP_URL: sink.url } });
  baseUrl = server.baseUrl;

  const found = await runAskingForIdNumber();
  assert.ok(found, 'the demo has an open run that asks for the ID number');
  runId = found.run.id;
  course = found.title;
  await signUp(runId, { ...PERSON, national_id: NATIONAL_ID });
  const person = Number(sql(`SELECT id FROM person WHERE name = '${PERSON.name}';`));
  personId = person;
  const enrollment = Number(sql(`SELECT id FROM enrollment WHERE person_id = ${person};`));
  assert.ok(person > 0 && enrollment > 0, 'the sign-up made a person and an enrollment');

  // Three looks at the person (January 2027), and 60 other rows (March 2027).
  for (const at of ['2027-01-10T09:00:00Z', '2027-01-11T09:00:00Z', '2027-01-12T09:00:00Z'])
    recordAudit({ at, account: 7, name: 'Kari Kursleder', action: 'view_participants', person,
      objectType: 'enrollment', objectId: enrollment });
  for (let i = 0; i < 60; i++)
    recordAudit({ at: `2027-03-01T10:${String(i).padStart(2, '0')}:00Z`, account: 8, name: 'Per Annen',
      action: 'view_participants', person: null, objectType: 'run', objectId: 999999 });

  const add = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', 'revisor',
    '--name', 'Rita Revisor', '--role', 'auditor:nation'], { input: PASSWORD, encoding: 'utf8' });
  assert.equal(add.status, 0, `${add.stdout}${add.stderr}`);
  session = await signIn('revisor');
  const page = await (await fetch(`${baseUrl}/ansatt/logg`, { headers: { Cookie: session } })).text();
  csrf = valueOf(page, 'csrf');
  assert.ok(csrf, 'the audit page carries its form token');
  assert.match(page, /<form class="kb-form" method="post" action="\/ansatt\/logg"/,
    'the search is a POST form: an ID number never lands in a URL');
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('an ID number finds the person\'s rows, named by person and course', async () => {
  const r = await search({ national_id: NATIONAL_ID });
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('cache-control') || '', /no-store/);
  const rows = rowsOf(r.text);
  assert.equal(rows.length, 3, JSON.stringify(rows));
  for (const row of rows) {
    assert.equal(row[1], 'Kari Kursleder');
    assert.equal(row[4], course.replaceAll('&', '&amp;'), 'the course by its title, not an id');
    assert.equal(row[5], PERSON.name, 'the person by name, not an id');
  }
  assert.equal(valueOf(r.text, 'national_id'), NATIONAL_ID, 'the form keeps what was typed');
  // Another valid number finds nobody.
  const other = await search({ national_id: '01018010018' });
  assert.equal(other.status, 200, 'a valid number');
  assert.deepEqual(rowsOf(other.text), []);
});

test('name, staff name and course find the same rows; a name is any part, in any case', async () => {
  for (const fields of [{ person_name: 'revisjonsDATTER' }, { person_name: 'Åse Rev', staff_name: 'kari' },
    { course: course.slice(0, 8), person_name: 'Åse' }]) {
    const r = await search(fields);
    assert.equal(r.status, 200, r.text);
    // The three looks, and the auditor's own earlier searches about the person
    // (a search by name or ID number is on record as about whom it found).
    const rows = rowsOf(r.text);
    assert.equal(rows.filter((row) => row[1] === 'Kari Kursleder').length, 3,
      `${JSON.stringify(fields)}: ${JSON.stringify(rows)}`);
    assert.ok(rows.every((row) => row[5] === PERSON.name), JSON.stringify(rows));
    assert.ok(rows.every((row) => row[1] === 'Kari Kursleder' || row[1] === 'Rita Revisor'), JSON.stringify(rows));
  }
  assert.ok(rowsOf((await search({ person_name: 'Åse Rev' })).text).some((row) => row[1] === 'Rita Revisor'),
    'the searches about the person are on record as about them');
  const byStaff = rowsOf((await search({ staff_name: 'Per Annen', from: '2027-03-01', to: '2027-03-01' })).text);
  assert.equal(byStaff.length, PAGE, 'a day in Oslo time holds the 60 March rows, 50 on the first page');
  assert.deepEqual(rowsOf((await search({ person_name: 'Åse', from: '2027-02-01' })).text), []);
  // A person's name in a URL is not read: the search runs without it.
  const viaUrl = await fetch(`${baseUrl}/ansatt/logg?person_name=Revisjonsdatter&staff_name=Per`,
    { headers: { Cookie: session } });
  assert.equal(viaUrl.status, 200);
  const urlRows = rowsOf(await viaUrl.text());
  assert.equal(urlRows.length, PAGE, 'the staff name still narrows, the person\'s name is ignored');
  assert.ok(urlRows.every((row) => row[1] === 'Per Annen'));
});

test('pages of 50 carry the criteria along, both ways', async () => {
  const first = await search({ staff_name: 'Per Annen' });
  assert.equal(rowsOf(first.text).length, PAGE);
  assert.match(first.text, /Viser treff 1–50/);
  assert.match(first.text, /<button[^>]*name="side" value="2">Neste side<\/button>/);
  assert.doesNotMatch(first.text, /Forrige side/);
  assert.equal(valueOf(first.text, 'staff_name'), 'Per Annen', 'the criteria ride along in the form');
  const second = await search({ staff_name: 'Per Annen', side: '2' });
  const rows = rowsOf(second.text);
  assert.equal(rows.length, 10);
  assert.match(second.text, /Viser treff 51–60/);
  assert.match(second.text, /<button[^>]*name="side" value="1">Forrige side<\/button>/);
  assert.doesNotMatch(second.text, /Neste side/);
  assert.ok(rows.every((row) => row[1] === 'Per Annen'));
});

test('reversed dates and a wrong ID number get 400 with the form kept, on the page and the API', async () => {
  const reversed = await search({ person_name: 'Åse', from: '2027-02-01', to: '2027-01-01' });
  assert.equal(reversed.status, 400);
  assert.match(reversed.text, /Til-datoen kan ikke være før fra-datoen\./);
  assert.match(reversed.text, /href="#field-to"/);
  assert.equal(valueOf(reversed.text, 'person_name'), 'Åse');
  assert.equal(valueOf(reversed.text, 'from'), '2027-02-01');
  const wrong = await search({ national_id: '13097248023', staff_name: 'Kari' });
  assert.equal(wrong.status, 400);
  assert.match(wrong.text, /Skriv et gyldig fødselsnummer eller D-nummer/);
  assert.equal(valueOf(wrong.text, 'staff_name'), 'Kari');

  const api = await fetch(`${baseUrl}/api/v1/audit?from=2027-02-01&to=2027-01-01`, { headers: { Cookie: session } });
  assert.equal(api.status, 400);
  const body = await api.json();
  assert.ok(JSON.stringify(body).includes('Til-datoen kan ikke være før fra-datoen.'), JSON.stringify(body));
});

test('the download holds the search\'s rows and is on record as an export', async () => {
  const r = await search({ national_id: NATIONAL_ID }, '/ansatt/logg.csv');
  assert.equal(r.status, 200, r.text);
  assert.match(r.headers.get('content-type'), /^text\/csv/);
  assert.match(r.headers.get('content-disposition'), /attachment; filename="tilgangslogg\.csv"/);
  assert.match(r.headers.get('cache-control') || '', /no-store/);
  const lines = r.text.replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Når;Hvem;Rolle;Hva;Objekt;Person;Fra adresse');
  assert.ok(lines.slice(1).every((l) => l.includes(`;${PERSON.name};`)), r.text);
  assert.equal(lines.filter((l) => l.includes(';Kari Kursleder;')).length, 3, r.text);

  const api = await (await fetch(`${baseUrl}/api/v1/audit?account=${sql("SELECT id FROM staff_account WHERE username = 'revisor';")}&limit=1`,
    { headers: { Cookie: session } })).json();
  // A search is recorded after it reads: the newest two rows are the API
  // call above (a view) and the download (an export).
  const audits = await (await fetch(`${baseUrl}/api/v1/audit?staff_name=Rita&limit=3`, { headers: { Cookie: session } })).json();
  assert.equal(api.entries.length, 1);
  assert.equal(api.more, true);
  const kinds = audits.entries.map((e) => `${e.action}/${e.event}`);
  assert.deepEqual(kinds.slice(0, 2), ['search_audit/view', 'search_audit/export'], JSON.stringify(kinds));
  // The download by ID number is on record as about the person it found.
  assert.equal(audits.entries[1].person_id, personId);
});
