// End-to-end test of the SMS notifications (issue 3): the real `kursbase
// serve` sends, through its libcurl HTTP client, to an SMS gateway that is a
// small node:http server on a free loopback port. A person who gave only a
// mobile number gets an SMS; the test reads the request the worker sent.
//
// Covers: the request (POST, bearer token, JSON {to, text, sender}), the short
// text (course title, date of the first session in Oslo time, the private link
// that works against the server; no name), a gateway answering 500 then 200
// (retried, delivered once), and 400 (not retried, marked failed in the outbox).
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/sms.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, runDemo, startKursbase } from '../support/server.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlRows } from '../support/sql.mjs';
import { waitFor as waitUntil } from '../support/wait.mjs';
import { tokenIn } from '../support/smtp_sink.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const TOKEN = 'test-gateway-token-0123456789abcdef';
const SENDER = 'KursbaseLMS';
const GATEWAY_PATH = '/v1/sms';
const SMS_WAIT_MS = 30000;  // the worker polls every 500 ms; generous for slow CI machines
const NO_SMS_SETTLE_MS = 3500;  // longer than the 1 s first retry (and its doubling) set below

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-sms-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

const requests = [];  // { method, url, headers, body (parsed), raw, answered }
const plans = new Map();  // number → statuses to answer in turn; afterwards 200
let gateway = null;
let gatewayUrl = '';
let server = null;
let baseUrl = '';
const { getJson, signUp, openPrivateLink } = jsonClient(() => baseUrl);

// ---------------------------------------------------------------- the gateway

function startGateway() {
  gateway = createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      let body = null;
      try { body = JSON.parse(raw); } catch { /* recorded as null; the test fails on it */ }
      const plan = (body && plans.get(body.to)) || [];
      const status = plan.length > 0 ? plan.shift() : 200;
      requests.push({ method: req.method, url: req.url, headers: req.headers, body, raw,
        answered: status });
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status < 300 ? { id: `msg-${requests.length}` } : { error: 'nei' }));
    });
  });
  return new Promise((resolve, reject) => {
    gateway.once('error', reject);
    gateway.listen(0, '127.0.0.1', () => {
      gatewayUrl = `http://127.0.0.1:${gateway.address().port}${GATEWAY_PATH}`;
      resolve();
    });
  });
}

// ---------------------------------------------------------------- the server

async function startServer() {
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    env: (url) => ({
      KURSBASE_SMTP_URL: '',
      KURSBASE_SMS_GATEWAY_URL: gatewayUrl,
      KURSBASE_SMS_GATEWAY_TOKEN: TOKEN,
      KURSBASE_SMS_SENDER: SENDER,
      KURSBASE_PUBLIC_URL: url,  // so the link in the SMS can be followed
      KURSBASE_OUTBOX_FIRST_RETRY_SECONDS: '1',
      KURSBASE_SIGN_UP_LIMIT: '1000',
    }),
  });
  baseUrl = server.baseUrl;
}

// A sign-up by mobile; the answer never names the enrollment (issue 11), so
// its id is read from the database: { id } of the person's enrollment on the run.
async function signUpMobile(runId, name, mobile) {
  await signUp(runId, { name, mobile });
  const rows = sqlRows(dbPath, 'SELECT e.id FROM enrollment e JOIN person p ON p.id = e.person_id ' +
    `WHERE e.run_id = ${Number(runId)} AND p.name = '${name.replace(/'/g, "''")}'`);
  assert.equal(rows.length, 1, `one enrollment of ${name}`);
  return { id: Number(rows[0].id) };
}

const requestsTo = (number) => requests.filter((r) => r.body && r.body.to === number);

const waitFor = (predicate, what, deadlineMs = SMS_WAIT_MS) =>
  waitUntil(predicate, what, deadlineMs, () => `the gateway got ${requests.length} requests: ${
    requests.map((r) => `${r.body && r.body.to} → ${r.answered}`).join('; ')}\n${server.log()}`);

// The outbox row of an enrollment's confirmation, read from the database.
function outboxRow(enrollmentId) {
  const rows = sqlRows(dbPath,
    'SELECT channel, attempts, CASE WHEN sent_at IS NULL THEN 0 ELSE 1 END AS sent, ' +
    'CASE WHEN failed_at IS NULL THEN 0 ELSE 1 END AS failed, ' +
    `last_error FROM outbox WHERE enrollment_id = ${Number(enrollmentId)} ` +
    "AND kind = 'confirmation'");
  assert.equal(rows.length, 1, `one outbox row for enrollment ${enrollmentId}`);
  return rows[0];
}

// "2027-03-03T09:00:00+01:00" (Oslo) → "03.03.2027 kl. 09:00", as the SMS writes it.
function smsDate(osloIso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(osloIso);
  assert.ok(m, osloIso);
  return `${m[3]}.${m[2]}.${m[1]} kl. ${m[4]}:${m[5]}`;
}

// The course title as an SMS carries it: at most 60 characters, else cut with "…".
function smsCourse(title) {
  const chars = Array.from(title);
  return chars.length > 60 ? `${chars.slice(0, 60).join('')}…` : title;
}

async function openRuns() {
  const search = await getJson('/api/v1/courses?no_referral=1&free_seats=1&page_size=20');
  const runs = [];
  for (const item of search.items) {
    const course = await getJson(`/api/v1/courses/${item.id}`);
    for (const r of course.runs) {
      if (r.status === 'open' && r.seats_left > 2) runs.push({ ...r, course_title: course.title });
    }
  }
  return runs;
}

let runs = [];
let nextNumber = 0;
const person = (tag) => {
  nextNumber += 1;
  // Synthetic Norwegian mobile numbers, unique per person of this test.
  return { name: `Sms ${tag} ${nextNumber}`, mobile: `+47 9${String(nextNumber).padStart(7, '0')}`,
    normalised: `+479${String(nextNumber).padStart(7, '0')}` };
};

// ---------------------------------------------------------------- setup

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  await startGateway();
  await startServer();
  runs = await openRuns();
  assert.ok(runs.length >= 3, `need three open runs, found ${runs.length}`);
});

after(async () => {
  if (server) await server.stop();
  if (gateway) await new Promise((r) => gateway.close(r));
  rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

test('a sign-up with only a mobile number sends one SMS through the gateway', async () => {
  const run = runs[0];
  const p = person('bekreftelse');
  const answer = await signUpMobile(run.id, p.name, p.mobile);

  await waitFor(() => requestsTo(p.normalised).length > 0, `an SMS to ${p.normalised}`);
  const [sms] = requestsTo(p.normalised);
  assert.equal(sms.method, 'POST');
  assert.equal(sms.url, GATEWAY_PATH);
  assert.equal(sms.headers.authorization, `Bearer ${TOKEN}`);
  assert.match(sms.headers['content-type'], /^application\/json/);
  assert.deepEqual(Object.keys(sms.body).sort(), ['sender', 'text', 'to']);
  assert.equal(sms.body.sender, SENDER);

  const text = sms.body.text;
  const token = tokenIn(text);
  assert.ok(token, `a private link in: ${text}`);
  const link = `${baseUrl}/pamelding/${token}`;
  assert.ok(text.includes(smsCourse(run.course_title)), `course title in: ${text}`);
  // The run's summary gives its first session in Oslo time.
  assert.ok(text.includes(smsDate(run.starts_at)), `first session ${run.starts_at} in: ${text}`);
  assert.ok(text.includes(link), `private link in: ${text}`);
  assert.ok(!text.includes(p.name) && !text.includes('Sms '), `no name in: ${text}`);
  assert.ok(Array.from(text).length <= 306, `at most two SMS segments: ${text.length}`);

  // The link works against the server: the person's own page, and their enrollment.
  const { response: page } = await openPrivateLink(token);
  assert.equal(page.status, 200, `GET ${link}, then /pamelding`);
  assert.match(page.headers.get('content-type'), /^text\/html/);
  const mine = await getJson(`/api/v1/enrollments/${token}`);
  assert.equal(mine.id, answer.id);
  assert.equal(mine.status, 'confirmed');
  assert.equal(mine.run_id, run.id);

  // Delivered once, and the outbox says so.
  await delay(NO_SMS_SETTLE_MS);
  assert.equal(requestsTo(p.normalised).length, 1);
  const row = outboxRow(answer.id);
  assert.equal(row.channel, 'sms');
  assert.equal(row.sent, 1);
  // Neither the token nor the number ends up in the server's log.
  assert.ok(!server.log().includes(TOKEN), 'the gateway token is not logged');
  assert.ok(!server.log().includes(p.normalised.slice(3)), 'the number is not logged');
});

test('a gateway answering 500 is asked again, and the SMS is delivered once', async () => {
  const p = person('retry');
  plans.set(p.normalised, [500]);
  const answer = await signUpMobile(runs[1].id, p.name, p.mobile);

  await waitFor(() => requestsTo(p.normalised).length >= 2, 'a second attempt after the 500');
  await delay(NO_SMS_SETTLE_MS);
  const got = requestsTo(p.normalised);
  assert.deepEqual(got.map((r) => r.answered), [500, 200], 'one failure, then one delivery');
  assert.equal(got[0].body.text, got[1].body.text, 'the same message is sent again');
  const row = outboxRow(answer.id);
  assert.equal(row.sent, 1);
  assert.equal(row.failed, 0);
  assert.equal(row.attempts, 2);
});

test('a gateway answering 400 is not asked again, and the SMS is marked failed', async () => {
  const p = person('avvist');
  plans.set(p.normalised, [400, 400, 400]);
  const answer = await signUpMobile(runs[2].id, p.name, p.mobile);

  await waitFor(() => requestsTo(p.normalised).length >= 1, 'the first attempt');
  await waitFor(() => outboxRow(answer.id).failed === 1, 'the outbox row marked failed');
  await delay(NO_SMS_SETTLE_MS);
  assert.equal(requestsTo(p.normalised).length, 1, 'no retry after a 400');
  const row = outboxRow(answer.id);
  assert.equal(row.sent, 0);
  assert.equal(row.failed, 1);
  assert.equal(row.attempts, 1);
  assert.match(row.last_error, /400/);
  assert.ok(!row.last_error.includes(p.normalised.slice(3)), 'no number in the stored error');
});
