// End-to-end test of the e-mail notifications (issue 3): the real `kursbase
// serve` sends through its libcurl SMTP client to an SMTP sink (smtp-server)
// on a free loopback port; mailparser reads what arrived and ical.js reads the
// attached calendar.
//
// Covers: the confirmation (recipient, Norwegian text, private link, .ics with
// Europe/Oslo and the run's session starts), the promotion of the first on the
// waiting list when a confirmed person cancels on a full run, at-most-once
// delivery per Message-ID, and the outbox surviving a kill -9 right after the
// sign-up's 201.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/mail.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { delay, runDemo, startKursbase } from '../support/server.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';
import { jsonClient } from '../support/http.mjs';
import { waitFor as waitUntil } from '../support/wait.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const MAIL_FROM = 'Kursbase test <ikke-svar@kursbase.test>';
const PUBLIC_URL = 'https://kurs.example.no';
const MAIL_WAIT_MS = 30000;  // the worker polls every 500 ms; generous for slow CI machines
const NO_MAIL_SETTLE_MS = 3000;  // how long "nothing more arrives" is watched for

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-mail-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let sink = null;  // the SMTP sink; sink.mails: { from, to[], parsed, raw }
let server = null;
let serverLog = '';  // every server's output, across the restart
let baseUrl = '';
const { getJson, postJson, signUp: signUpOnly, enroll, openPrivateLink } = jsonClient(() => baseUrl);

// ---------------------------------------------------------------- helpers

async function startServer() {
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    onLog: (d) => { serverLog += d; },
    env: {
      KURSBASE_SMTP_URL: sink.url,
      KURSBASE_MAIL_FROM: MAIL_FROM,
      KURSBASE_PUBLIC_URL: PUBLIC_URL,
      // Every sign-up of this test comes from 127.0.0.1.
      KURSBASE_SIGN_UP_LIMIT: '1000',
      // A short lease: when the kill test's server had already claimed the
      // confirmation, the restarted one sends it after 4 s, not after the
      // default 120 s (longer than the test waits; seen on a loaded machine).
      KURSBASE_OUTBOX_LEASE_SECONDS: '4',
    },
  });
  baseUrl = server.baseUrl;
}

// A sign-up, its link from the confirmation, and the enrollment it opens.
const signUp = (runId, name, email) => enroll(runId, { name, email }, sink);
const mailsTo = (address) => sink.mailsTo(address);

// Polls until `predicate()` holds; fails with `what` after the deadline.
const waitFor = (predicate, what, deadlineMs = MAIL_WAIT_MS) =>
  waitUntil(predicate, what, deadlineMs, () => `${sink.describe()}\n${serverLog}`);

// Each Message-ID must have arrived once.
function assertNoDuplicates() {
  const counts = new Map();
  for (const m of sink.mails) counts.set(m.parsed.messageId, (counts.get(m.parsed.messageId) || 0) + 1);
  for (const [id, n] of counts) assert.equal(n, 1, `Message-ID ${id} arrived ${n} times`);
}

// Open runs of courses without referral and with free seats, richest first.
async function openRuns() {
  const search = await getJson('/api/v1/courses?no_referral=1&free_seats=1&page_size=50');
  assert.ok(search.items.length > 0, 'the demo should have open courses without referral');
  const runs = [];
  for (const item of search.items) {
    assert.equal(item.referral_required, false);
    const course = await getJson(`/api/v1/courses/${item.id}`);
    for (const r of course.runs) {
      if (r.status === 'open' && r.seats_left > 0) runs.push({ ...r, course_title: course.title });
    }
  }
  return runs;
}

// Session starts of an .ics, as epoch milliseconds, with its own VTIMEZONEs.
function icsStarts(ics) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  const zones = cal.getAllSubcomponents('vtimezone');
  for (const z of zones) ICAL.TimezoneService.register(z);
  const events = cal.getAllSubcomponents('vevent');
  return { cal, zones, events };
}

let runs = [];
let nextPerson = 0;
const person = (tag) => {
  nextPerson += 1;
  return { name: `Testperson ${tag} ${nextPerson}`, email: `deltaker${nextPerson}.${tag}@example.no` };
};

// ---------------------------------------------------------------- setup

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  sink = await startSmtpSink();
  await startServer();
  runs = await openRuns();
  assert.ok(runs.length >= 3, `need three open runs, found ${runs.length}`);
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

test('a sign-up sends a confirmation with the private link and a calendar', async () => {
  const run = runs[0];
  const p = person('bekreftelse');
  const answer = await signUp(run.id, p.name, p.email);
  assert.equal(answer.status, 'confirmed');
  assert.match(answer.manage_token, /^[A-Za-z0-9_-]{20,}$/);

  assert.equal(mailsTo(p.email).length, 1, 'one confirmation');
  const [mail] = mailsTo(p.email);
  const m = mail.parsed;
  assert.deepEqual(mail.to, [p.email]);
  assert.equal(mail.from, 'ikke-svar@kursbase.test');
  assert.equal(m.to.value[0].address, p.email);
  assert.equal(m.subject, `Du har fått plass: ${run.course_title}`);
  assert.match(m.text, new RegExp(`Hei ${p.name}!`));
  assert.ok(m.text.includes(`«${run.course_title}»`), m.text);
  assert.ok(m.text.includes(`${PUBLIC_URL}/pamelding/${answer.manage_token}`),
    `the body should carry the private link:\n${m.text}`);
  assert.ok(m.text.includes('kan ikke besvares'), 'the automatic-message footer');
  assert.equal(m.headers.get('auto-submitted'), 'auto-generated');
  assert.match(m.messageId, /^<enrollment-\d+\.confirmation\.[0-9a-f]+@kursbase>$/);

  // The calendar: one VEVENT per session, in Europe/Oslo, at the run's session starts.
  assert.equal(m.attachments.length, 1);
  const att = m.attachments[0];
  assert.match(att.filename, /\.ics$/);
  assert.match(att.contentType, /^text\/calendar/);
  const { cal, zones, events } = icsStarts(att.content.toString('utf8'));
  assert.ok(cal.getFirstPropertyValue('prodid'), 'PRODID');
  assert.ok(zones.some((z) => z.getFirstPropertyValue('tzid') === 'Europe/Oslo'),
    'the calendar should carry a VTIMEZONE Europe/Oslo');
  const runView = await getJson(`/api/v1/runs/${run.id}`);
  assert.equal(events.length, runView.sessions.length, 'one VEVENT per session');
  const uids = new Set();
  const expected = runView.sessions.map((s) => Date.parse(s.starts_at)).sort((a, b) => a - b);
  const actual = [];
  for (const ev of events) {
    const uid = ev.getFirstPropertyValue('uid');
    assert.ok(uid, 'UID');
    uids.add(uid);
    assert.ok(ev.getFirstPropertyValue('dtstamp'), 'DTSTAMP');
    const start = ev.getFirstPropertyValue('dtstart');
    if (!start.isDate && start.zone !== ICAL.Timezone.utcTimezone) {
      assert.equal(ev.getFirstProperty('dtstart').getParameter('tzid'), 'Europe/Oslo');
    }
    actual.push(start.toJSDate().getTime());
  }
  assert.equal(uids.size, events.length, 'UIDs are unique per session');
  assert.deepEqual(actual.sort((a, b) => a - b), expected,
    'each VEVENT starts at the instant of a session of the run');
  assertNoDuplicates();
});

test('cancelling on a full run promotes the first on the waiting list, once', async () => {
  // The smallest run with a waiting list: fill it, and one more goes on the list.
  const candidates = [];
  for (const r of runs.slice(1)) {
    const view = await getJson(`/api/v1/runs/${r.id}`);
    if (view.waiting_list && view.status === 'open' && view.seats_left > 0) candidates.push(view);
  }
  assert.ok(candidates.length > 0, 'a run with a waiting list');
  candidates.sort((a, b) => a.seats_left - b.seats_left);
  const run = candidates[0];
  assert.ok(run.seats_left <= run.capacity);

  const confirmed = [];
  for (let i = 0; i < run.seats_left; i++) confirmed.push(person('full'));
  // In order, without waiting for each mail; then each link from its mail.
  for (const p of confirmed) await signUpOnly(run.id, { name: p.name, email: p.email });
  for (const [i, p] of confirmed.entries()) {
    p.token = await sink.tokenFor(p.email);
    const a = await getJson(`/api/v1/enrollments/${p.token}`);
    assert.equal(a.status, 'confirmed', `seat ${i + 1} of ${run.seats_left}`);
  }
  const waiting = person('venteliste');
  const w = await signUp(run.id, waiting.name, waiting.email);
  assert.equal(w.status, 'waitlisted');
  assert.equal(w.waitlist_position, 1);
  assert.equal((await getJson(`/api/v1/runs/${run.id}`)).seats_left, 0);

  await waitFor(() => mailsTo(waiting.email).length === 1, 'the waiting-list mail');
  assert.equal(mailsTo(waiting.email)[0].parsed.subject, `Du står på venteliste: ${run.course_title}`);
  assert.match(mailsTo(waiting.email)[0].parsed.text, /nummer 1 på ventelisten/);
  await waitFor(() => confirmed.every((c) => mailsTo(c.email).length === 1), 'the confirmations');

  const leaving = confirmed[0];
  // A JSON content type is what the CSRF guard asks of API POSTs.
  const res = await postJson(`/api/v1/enrollments/${leaving.token}/cancel`, '{}');
  const cancelled = await res.text();
  assert.equal(res.status, 200, cancelled);
  assert.equal(JSON.parse(cancelled).status, 'cancelled');

  await waitFor(() => mailsTo(waiting.email).length === 2, `the promotion mail to ${waiting.email}`);
  const promotion = mailsTo(waiting.email)[1].parsed;
  // A seat is given outright, or offered with a reply deadline close to the start.
  assert.ok(promotion.subject === `Du har fått plass: ${run.course_title}` ||
            promotion.subject === `Tilbud om plass: ${run.course_title}`, promotion.subject);
  assert.match(promotion.messageId, /\.(promoted|offered)\./);
  const status = (await getJson(`/api/v1/enrollments/${w.manage_token}`)).status;
  assert.ok(['confirmed', 'offered'].includes(status), status);
  // The promotion mail carries the person's own private link (issue 3), and
  // that link opens their enrollment with its new status.
  const own = new RegExp(`${PUBLIC_URL}/pamelding/([A-Za-z0-9_-]{20,})`).exec(promotion.text);
  assert.ok(own, `the promotion mail should carry the private link:\n${promotion.text}`);
  assert.equal(own[1], w.manage_token);
  assert.doesNotMatch(promotion.text, /Bruk lenken i den første bekreftelsen/);
  const { response: page } = await openPrivateLink(own[1]);
  const html = await page.text();
  assert.equal(page.status, 200);
  assert.match(html, status === 'confirmed' ? /Du har fått plass/ : /Du har fått tilbud om plass/);
  assert.equal((await getJson(`/api/v1/enrollments/${own[1]}`)).status, status);

  // Nothing more for anyone on this run, and no Message-ID twice.
  await delay(NO_MAIL_SETTLE_MS);
  assert.equal(mailsTo(waiting.email).length, 2);
  for (const c of confirmed.slice(1)) assert.equal(mailsTo(c.email).length, 1, c.email);
  assert.ok(mailsTo(leaving.email).length <= 2, 'at most the confirmation and the cancellation');
  assertNoDuplicates();
});

test('a repeated sign-up sends the own link again, to the address on file', async () => {
  const run = runs[1];
  const p = person('igjen');
  const answer = await signUp(run.id, p.name, p.email);
  await signUpOnly(run.id, { name: p.name, email: p.email });
  await waitFor(() => mailsTo(p.email).length >= 2, `the link again to ${p.email}`);
  const resent = mailsTo(p.email)[1].parsed;
  assert.equal(resent.subject, `Lenken til påmeldingen din: ${run.course_title}`);
  assert.ok(resent.text.includes(`${PUBLIC_URL}/pamelding/${answer.manage_token}`), resent.text);
  assertNoDuplicates();
});

// What a caller sees of an answer: status, headers but Date, and the body's bytes.
async function seen(res) {
  const headers = [...res.headers].filter(([k]) => k !== 'date');
  return { status: res.status, headers, body: Buffer.from(await res.arrayBuffer()).toString('hex') };
}

test('a new and a repeated sign-up get the same answer, byte for byte', async () => {
  const run = runs[2];
  const p = person('samme-svar');
  const post = () => postJson(`/api/v1/runs/${run.id}/enrollments`,
    { name: p.name, email: p.email, kind: 'patient', consent: true });
  const first = await seen(await post());
  const again = await seen(await post());
  assert.equal(first.status, 202);
  assert.deepEqual(again, first, 'the JSON answers');
  assert.deepEqual(JSON.parse(Buffer.from(first.body, 'hex')).received, true);
  // The person is on the run once, and has their link by mail.
  const token = await sink.tokenFor(p.email);
  assert.equal((await getJson(`/api/v1/enrollments/${token}`)).name, p.name);

  // The HTML form: the same redirect, and the same page behind it.
  const form = await fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`);
  const cookie = form.headers.getSetCookie().find((c) => c.startsWith('kursbase_csrf=')).split(';')[0];
  const csrf = (await form.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const q = person('samme-side');
  const submit = () => fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie },
    body: new URLSearchParams({ csrf, name: q.name, email: q.email, kind: 'patient', consent: '1' }),
  });
  const newForm = await seen(await submit());
  const againForm = await seen(await submit());
  assert.equal(newForm.status, 303);
  assert.deepEqual(againForm, newForm, 'the form answers');
  const location = new Map(newForm.headers).get('location');
  assert.equal(location, `/gjennomforing/${run.id}/pamelding/mottatt`);
  const page = await fetch(`${baseUrl}${location}`, { headers: { Cookie: cookie } });
  assert.equal(page.status, 200);
  assert.match(await page.text(), /Vi har mottatt påmeldingen/);
  await sink.tokenFor(q.email);
  // The repeat re-sent the link once, to the address on file.
  await waitFor(() => mailsTo(q.email).length === 2 && mailsTo(p.email).length === 2,
    'the confirmations and the re-sent links');
  assert.equal(mailsTo(q.email)[1].parsed.subject, `Lenken til påmeldingen din: ${run.course_title}`);
  assertNoDuplicates();
});

test('a server killed right after a sign-up still sends its mail, exactly once', async () => {
  const run = runs[runs.length - 1];
  const p = person('krasj');
  await signUpOnly(run.id, { name: p.name, email: p.email });
  await server.kill();  // before the worker's next round, most likely

  await startServer();
  await waitFor(() => mailsTo(p.email).length >= 1, `the confirmation to ${p.email} after the restart`);
  await delay(NO_MAIL_SETTLE_MS);
  assert.equal(mailsTo(p.email).length, 1, 'exactly one confirmation');
  const token = await sink.tokenFor(p.email);
  assert.equal((await getJson(`/api/v1/enrollments/${token}`)).name, p.name);
  assertNoDuplicates();
});
