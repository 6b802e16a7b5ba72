// End-to-end test of the person's calendar in every state (issue 12): the real
// `kursbase serve` mails through its libcurl SMTP client to an SMTP sink
// (smtp-server); ical.js reads the attached calendars and the one downloaded
// from the private link (/pamelding/kalender.ics with the link cookie).
//
// One person goes through the states: waitlisted on a full run (TENTATIVE, no
// CONFIRMED), offered a freed seat (TENTATIVE), accepts (the confirmation
// carries a CONFIRMED calendar), cancels (CANCELLED). The UIDs stay the same,
// SEQUENCE grows at every step, and DESCRIPTION carries the place and the
// private link.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/calendar_states.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ICAL from 'ical.js';
import { runDemo, startKursbase } from '../support/server.mjs';
import { mailingServerEnv, startSmtpSink } from '../support/smtp_sink.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlValue } from '../support/sql.mjs';
import { waitFor as waitUntil } from '../support/wait.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const PUBLIC_URL = 'https://kurs.example.no';
const MAIL_WAIT_MS = 30000;  // the worker polls every 500 ms; generous for slow CI machines
const MAX_SEATS_TO_FILL = 40;  // a run with more seats left would make the test slow

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-calendar-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let sink = null;
let server = null;
let serverLog = '';
let baseUrl = '';
const { getJson, postJson, signUp, enroll, smallestOpenRun, openPrivateLink } =
  jsonClient(() => baseUrl);

const mailsTo = (address) => sink.mailsTo(address);
const waitFor = (predicate, what, deadlineMs = MAIL_WAIT_MS) =>
  waitUntil(predicate, what, deadlineMs, () => `${sink.describe()}\n${serverLog}`);

// The VEVENTs of an .ics as { uid, status, sequence, summary, description }.
function eventsOf(ics) {
  const cal = new ICAL.Component(ICAL.parse(ics));
  return cal.getAllSubcomponents('vevent').map((v) => {
    const ev = new ICAL.Event(v);
    return {
      uid: ev.uid,
      status: v.getFirstPropertyValue('status'),
      sequence: ev.sequence,
      summary: ev.summary,
      description: ev.description,
    };
  });
}

// The calendar attached to the mail with Message-ID kind `kind` to `address`.
async function mailedEvents(address, kind) {
  const isKind = (m) => new RegExp(`\\.${kind}\\.`).test(m.parsed.messageId || '');
  await waitFor(() => mailsTo(address).some(isKind), `the ${kind} mail to ${address}`);
  const mail = mailsTo(address).find(isKind);
  const ics = mail.parsed.attachments.filter((a) => /\.ics$/.test(a.filename));
  assert.equal(ics.length, 1, `the ${kind} mail carries one .ics`);
  assert.match(ics[0].contentType, /^text\/calendar/);
  return eventsOf(ics[0].content.toString('utf8'));
}

// The calendar from the private link page, as a browser downloads it.
async function downloadedEvents(token) {
  const { response, cookie } = await openPrivateLink(token);
  await response.arrayBuffer();
  const res = await fetch(`${baseUrl}/pamelding/kalender.ics`, { headers: { Cookie: cookie } });
  const text = await res.text();
  assert.equal(res.status, 200, text);
  assert.match(res.headers.get('content-type'), /^text\/calendar/);
  return eventsOf(text);
}

function assertAll(events, status, what) {
  assert.ok(events.length > 0, `${what}: events`);
  for (const e of events) assert.equal(e.status, status, `${what}: ${e.uid}`);
}

const uidsOf = (events) => events.map((e) => e.uid).sort();
const sequenceOf = (events) => {
  const s = new Set(events.map((e) => e.sequence));
  assert.equal(s.size, 1, 'one SEQUENCE for the whole enrollment');
  return [...s][0];
};

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  sink = await startSmtpSink();
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    onLog: (d) => { serverLog += d; },
    env: mailingServerEnv(sink, {}, PUBLIC_URL),
  });
  baseUrl = server.baseUrl;
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

test('waitlisted and offered are tentative; accepted is confirmed; cancelled is cancelled', async () => {
  const run = await smallestOpenRun((v) => v.seats_left <= MAX_SEATS_TO_FILL && v.sessions.length > 0);
  // Freed seats are offered with a reply deadline rather than given outright,
  // as the run's staff may choose (waiting list page).
  sqlValue(dbPath, `UPDATE run SET promotion_mode = 'offer', offer_reply_hours = 48 WHERE id = ${run.id}`);

  const seated = [];
  for (let i = 0; i < run.seats_left; i++) {
    const p = { name: `Plass ${i + 1}`, email: `plass${i + 1}.kalender@example.no` };
    await signUp(run.id, p);
    seated.push(p);
  }
  const waiting = { name: 'Venter Kalender', email: 'venter.kalender@example.no' };
  const w = await enroll(run.id, waiting, sink);
  assert.equal(w.status, 'waitlisted');
  const link = `${PUBLIC_URL}/pamelding/${w.manage_token}`;

  // Waitlisted: the mailed and the downloaded calendar are tentative, never confirmed.
  const listed = await mailedEvents(waiting.email, 'waitlisted');
  assertAll(listed, 'TENTATIVE', 'the waiting-list mail');
  assert.equal(listed.length, run.sessions.length, 'one event per session');
  for (const e of listed) assert.match(e.summary, /venteliste/);
  const listedFile = await downloadedEvents(w.manage_token);
  assertAll(listedFile, 'TENTATIVE', 'the download while waitlisted');
  assert.ok(!listedFile.some((e) => e.status === 'CONFIRMED'));
  assert.deepEqual(uidsOf(listedFile), uidsOf(listed));
  const uids = uidsOf(listed);
  let sequence = sequenceOf(listed);

  // A seated person cancels: the seat is offered to the one waiting.
  const leaving = await sink.tokenFor(seated[0].email);
  const res = await postJson(`/api/v1/enrollments/${leaving}/cancel`, '{}');
  assert.equal(res.status, 200, await res.text());
  const offered = await mailedEvents(waiting.email, 'offered');
  assertAll(offered, 'TENTATIVE', 'the offer mail');
  assert.deepEqual(uidsOf(offered), uids, 'the same UIDs');
  assert.ok(sequenceOf(offered) > sequence, 'a higher SEQUENCE for the offer');
  sequence = sequenceOf(offered);
  for (const e of offered) assert.match(e.summary, /tilbud/);

  // Accepting sends the confirmation, with a confirmed calendar.
  const accepted = await postJson(`/api/v1/enrollments/${w.manage_token}/accept`, '{}');
  assert.equal(accepted.status, 200, await accepted.text());
  const confirmed = await mailedEvents(waiting.email, 'confirmation');
  assertAll(confirmed, 'CONFIRMED', 'the confirmation after accepting');
  assert.deepEqual(uidsOf(confirmed), uids, 'the same UIDs');
  assert.ok(sequenceOf(confirmed) > sequence, 'a higher SEQUENCE for the seat');
  sequence = sequenceOf(confirmed);
  assertAll(await downloadedEvents(w.manage_token), 'CONFIRMED', 'the download with a seat');

  // Cancelling: the calendar cancels the events, with a higher SEQUENCE still.
  const cancel = await postJson(`/api/v1/enrollments/${w.manage_token}/cancel`, '{}');
  assert.equal(cancel.status, 200, await cancel.text());
  const cancelled = await mailedEvents(waiting.email, 'cancelled');
  assertAll(cancelled, 'CANCELLED', 'the cancellation mail');
  assert.deepEqual(uidsOf(cancelled), uids);
  assert.ok(sequenceOf(cancelled) > sequence, 'a higher SEQUENCE for the cancellation');
  const cancelledFile = await downloadedEvents(w.manage_token);
  assertAll(cancelledFile, 'CANCELLED', 'the download after cancelling');
  assert.deepEqual(uidsOf(cancelledFile), uids);
  assert.equal(sequenceOf(cancelledFile), sequenceOf(cancelled));

  // Every calendar's DESCRIPTION gives the place and the private link.
  const view = await getJson(`/api/v1/runs/${run.id}`);
  const place = view.location
    ? [view.location.name, view.location.address, view.location.postal_code]
    : ['digitalt'];
  for (const [what, events] of [['waitlisted', listed], ['offered', offered],
    ['confirmed', confirmed], ['cancelled', cancelled], ['downloaded', cancelledFile]]) {
    for (const e of events) {
      for (const part of place) assert.ok(e.description.includes(part), `${what}: ${part} in ${e.description}`);
      assert.ok(e.description.includes(link), `${what}: the private link in ${e.description}`);
    }
  }
});
