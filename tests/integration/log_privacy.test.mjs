// Personal data never reaches the server's log (issue 4): a real `kursbase
// serve` takes a sign-up of a person with a distinctive name, e-mail, mobile
// number and a valid synthetic national ID number on a run that registers in
// the patient record, then requests with bad input carrying the same data (in
// bodies, form posts and query strings, on good and bad routes). Its stdout and
// stderr must contain none of the values, in clear or percent-encoded.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/log_privacy.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, startKursbase } from '../support/server.mjs';
import { jsonClient } from '../support/http.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';
import { waitFor } from '../support/wait.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-logprivacy-'));
const dbPath = join(workDir, 'kursbase.db');
let server = null;
let sink = null;
let refuseMail = false;  // once set, the sink refuses every recipient (a failing send)
let baseUrl = '';
const { getJson, postJson, openPrivateLink } = jsonClient(() => baseUrl);

// A synthetic fødselsnummer (month + 80, Skatteetaten's test numbers) with
// valid check digits: born 14.03.1987, the first individual number that gives
// valid digits.
function syntheticNationalId() {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const check = (digits, weights) => {
    const r = 11 - (digits.reduce((s, d, i) => s + d * weights[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  for (let individual = 123; individual < 500; individual++) {
    const nine = `148387${String(individual).padStart(3, '0')}`.split('').map(Number);
    const k1 = check(nine, w1);
    if (k1 === 10) continue;
    const k2 = check([...nine, k1], w2);
    if (k2 === 10) continue;
    return [...nine, k1, k2].join('');
  }
  throw new Error('no synthetic number');
}

const PERSON = {
  name: 'Ingeborg Qvistgaard-Xylofonsen',
  email: 'ingeborg.xylofonsen.7731@example.no',
  mobile: '93715502',
  national_id: syntheticNationalId(),
};
const NEEDS = 'Trenger rullestolplass Xylofonsen-behov';

// The values that must not be logged, and the ways a log line could spell them.
function forbiddenSpellings() {
  const out = [];
  for (const [what, v] of Object.entries({ ...PERSON, needs: NEEDS })) {
    out.push([what, v]);
    out.push([`${what} (percent-encoded)`, encodeURIComponent(v)]);
    out.push([`${what} (form-encoded)`, new URLSearchParams({ v }).toString().slice(2)]);
  }
  out.push(['surname', 'Xylofonsen']);
  out.push(['e-mail local part', 'ingeborg.xylofonsen']);
  out.push(['national ID birth part', PERSON.national_id.slice(0, 6) + PERSON.national_id.slice(6)]);
  return out;
}


async function startServer() {
  // The private link comes by mail (issue 11); later mails are refused, so
  // the worker's failures, which name the recipient in SMTP, are logged too.
  sink = await startSmtpSink({ refuse: () => refuseMail });
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    env: {
      KURSBASE_SMTP_URL: sink.url,
      KURSBASE_MAIL_FROM: 'ikke-svar@kursbase.test',
      KURSBASE_SIGN_UP_LIMIT: '1000',
    },
  });
  baseUrl = server.baseUrl;
}

// An open run whose sign-up form asks for the national ID number (it registers
// participation in the patient record).
async function recordRun() {
  for (let page = 1; page <= 20; page++) {
    const search = await getJson(`/api/v1/courses?free_seats=1&page_size=50&page=${page}`);
    for (const item of search.items) {
      const course = await getJson(`/api/v1/courses/${item.id}`);
      for (const run of course.runs) {
        if (run.status !== 'open' || run.seats_left < 1) continue;
        const form = await (await fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`)).text();
        if (form.includes('name="national_id"')) return run;
      }
    }
    if (search.items.length < 50) break;
  }
  return null;
}

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  await startServer();
});

after(async () => {
  if (server) await server.stop();
  rmSync(workDir, { recursive: true, force: true });
});

test('neither sign-ups nor bad requests put personal data in the log', async () => {
  const run = await recordRun();
  assert.ok(run, 'the demo should have an open run that registers in the patient record');

  // Bad input first, carrying the person's data in every place a request can.
  const bad = [];
  bad.push(await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { ...PERSON, national_id: PERSON.national_id.slice(0, 10) + '9', kind: 'patient', consent: true }));
  bad.push(await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { ...PERSON, email: `${PERSON.email}@@`, kind: 'patient', consent: true }));
  bad.push(await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { ...PERSON, kind: 'patient' }));  // no consent
  bad.push(await postJson(`/api/v1/runs/${run.id}/enrollments`,
    `{"name":"${PERSON.name}","email":"${PERSON.email}","national_id":${PERSON.national_id}`));
  bad.push(await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { ...PERSON, mobile: [PERSON.mobile] }));
  bad.push(await postJson('/api/v1/runs/999999999/enrollments',
    { ...PERSON, kind: 'patient', consent: true }));
  const query = new URLSearchParams({ ...PERSON }).toString();
  bad.push(await fetch(`${baseUrl}/api/v1/courses?${query}`));
  bad.push(await fetch(`${baseUrl}/api/v1/courses?q=${encodeURIComponent(PERSON.national_id)}&page=${PERSON.name}`));
  bad.push(await fetch(`${baseUrl}/kurs?q=${encodeURIComponent(PERSON.name)}&fnr=${PERSON.national_id}`));
  bad.push(await fetch(`${baseUrl}/pamelding/${PERSON.national_id}?e=${encodeURIComponent(PERSON.email)}`));
  bad.push(await fetch(`${baseUrl}/api/v1/enrollments/${encodeURIComponent(PERSON.email)}`));
  bad.push(await fetch(`${baseUrl}/${encodeURIComponent(PERSON.name)}/${PERSON.mobile}%zz`));
  bad.push(await fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ ...PERSON, kind: 'patient', consent: '1' }).toString(),
  }));  // no CSRF token
  bad.push(await fetch(`${baseUrl}/ansatt/logg-inn?bruker=${encodeURIComponent(PERSON.email)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ username: PERSON.email, password: PERSON.national_id }).toString(),
  }));
  for (const res of bad) {
    assert.ok(res.status >= 400 || res.url.includes('/api/v1/courses') || res.url.includes('/kurs'),
      `${res.url} answered ${res.status}`);
    await res.arrayBuffer();
  }

  // The sign-up that is stored, with the ID and special needs.
  const res = await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { ...PERSON, kind: 'patient', needs: NEEDS, consent: true });
  const answer = await res.json();
  assert.equal(res.status, 202, JSON.stringify(answer));
  answer.manage_token = await sink.tokenFor(PERSON.email);
  refuseMail = true;
  const view = await getJson(`/api/v1/enrollments/${answer.manage_token}`);
  assert.equal(view.name, PERSON.name);
  assert.ok(view.national_id && !view.national_id.includes(PERSON.national_id.slice(6)),
    `the national ID is stored and shown masked (${view.national_id})`);
  const { response: page } = await openPrivateLink(answer.manage_token);
  assert.equal(page.status, 200);
  await page.text();
  // The same person again (the link is re-sent), and a cancellation.
  const again = await postJson(`/api/v1/runs/${run.id}/enrollments`,
    { ...PERSON, kind: 'patient', consent: true });
  assert.equal(again.status, 202, `second sign-up: ${again.status}`);
  await again.arrayBuffer();
  const cancel = await postJson(`/api/v1/enrollments/${answer.manage_token}/cancel`, {});
  assert.equal(cancel.status, 200);
  await cancel.arrayBuffer();

  // Let the outbox worker try (and fail) to send, then stop the server so
  // everything it would write is written.
  await waitFor(() => sink.refused.length >= 1, 'a refused send', 15000, () => server.log());
  await server.stop();
  await sink.close();
  const serverLog = server.log();

  // The log was captured (a check that read nothing would pass vacuously).
  assert.match(serverLog, /listening on http:\/\/127\.0\.0\.1:\d+/);
  assert.match(serverLog, /stopping on signal/);
  for (const [what, value] of forbiddenSpellings()) {
    const at = serverLog.indexOf(value);
    assert.equal(at, -1, `the server log holds the ${what} ("${value}"):\n${
      serverLog.slice(Math.max(0, at - 200), at + 200)}`);
  }
  // The error lines name routes, not query strings.
  for (const line of serverLog.split('\n')) {
    if (/\b(error|warn|warning|critical)\b/i.test(line)) {
      assert.ok(!line.includes('?'), `an error line carries a query string: ${line}`);
    }
  }

  // At rest (issue 4): the ID number is in the database only sealed. The
  // sealed and lookup columns are filled (so the check below is not vacuous),
  // and no byte sequence of the database files spells the number.
  const row = spawnSync('sqlite3', [dbPath,
    'SELECT length(national_id_sealed), length(national_id_lookup) FROM person ' +
    'WHERE national_id_sealed IS NOT NULL'], { encoding: 'utf8' });
  assert.equal(row.status, 0, row.stderr);
  assert.match(row.stdout.trim(), /^\d{2,}\|64$/m, `a sealed ID number is stored: ${row.stdout}`);
  for (const file of [dbPath, `${dbPath}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    assert.equal(bytes.indexOf(PERSON.national_id), -1, `${file} holds the ID number in plain text`);
  }
});
