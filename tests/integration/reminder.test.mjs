// End-to-end test of the reminders (issue 3): the real `kursbase serve` queues
// a reminder for each confirmed person of a run whose first session is within
// `reminder_days`, and sends it through its libcurl SMTP client to an SMTP sink
// (smtp-server) on a free loopback port, with the run's calendar attached
// (read with ical.js). A run further away gets none, and nobody gets two.
//
// The demo data lie around today; the test asks the catalogue for the soonest
// open run and sets `reminder_days` so that it is inside the window and a later
// run is outside (KURSBASE_REMINDER_DAYS), with the worker's housekeeping every
// second (KURSBASE_OUTBOX_HOUSEKEEPING_SECONDS) so nothing waits a minute.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/reminder.test.mjs

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

const DAY_MS = 24 * 60 * 60 * 1000;
const MAIL_WAIT_MS = 30000;
const NO_MAIL_SETTLE_MS = 3500;  // several housekeeping rounds (1 s) and worker polls (0.5 s)
const SEARCH_DAYS = 60;  // how far ahead to look for runs

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-reminder-'));
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let sink = null;
let server = null;
let serverLog = '';  // every server's output, across the restarts
let baseUrl = '';
const { getJson, enroll } = jsonClient(() => baseUrl);

async function startServer(extraEnv) {
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    onLog: (d) => { serverLog += d; },
    env: { KURSBASE_SIGN_UP_LIMIT: '1000', ...extraEnv },
  });
  baseUrl = server.baseUrl;
}

// The server that sends, with reminder_days set and housekeeping every second.
const startSendingServer = () => startServer({
  KURSBASE_SMTP_URL: sink.url,
  KURSBASE_MAIL_FROM: 'Kursbase test <ikke-svar@kursbase.test>',
  KURSBASE_REMINDER_DAYS: String(reminderDays),
  KURSBASE_OUTBOX_HOUSEKEEPING_SECONDS: '1',
});

const signUp = (runId, name, email) => enroll(runId, { name, email }, sink);
const mailsTo = (address) => sink.mailsTo(address);
const isReminder = (m) => /\.reminder\./.test(m.parsed.messageId || '');

const waitFor = (predicate, what, deadlineMs = MAIL_WAIT_MS) =>
  waitUntil(predicate, what, deadlineMs, () => `${sink.describe()}\n${serverLog}`);

const isoDay = (ms) => new Date(ms).toISOString().slice(0, 10);

// Open runs (no referral, free seats) starting within SEARCH_DAYS, soonest first.
async function upcomingRuns() {
  const now = Date.now();
  const search = await getJson(`/api/v1/courses?no_referral=1&free_seats=1&page_size=100` +
    `&from=${isoDay(now)}&to=${isoDay(now + SEARCH_DAYS * DAY_MS)}`);
  const runs = [];
  for (const item of search.items) {
    const course = await getJson(`/api/v1/courses/${item.id}`);
    for (const r of course.runs) {
      if (r.status === 'open' && r.seats_left > 0 && r.starts_at && Date.parse(r.starts_at) > now)
        runs.push({ ...r, course_title: course.title });
    }
  }
  return runs.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
}

let near = null;  // first session within reminder_days
let far = null;   // first session more than a day beyond the window
let reminderDays = 0;

// ---------------------------------------------------------------- setup

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  sink = await startSmtpSink();

  // A first server (sending nothing) to find the runs in the catalogue.
  await startServer({ KURSBASE_SMTP_URL: '', KURSBASE_REMINDER_DAYS: '0' });
  const runs = await upcomingRuns();
  assert.ok(runs.length >= 2, `need two upcoming open runs, found ${runs.length}`);
  near = runs[0];
  reminderDays = Math.max(1, Math.ceil((Date.parse(near.starts_at) - Date.now()) / DAY_MS));
  far = runs.find((r) => Date.parse(r.starts_at) > Date.now() + (reminderDays + 1) * DAY_MS);
  assert.ok(far, `a run starting more than ${reminderDays + 1} days from now`);
  await server.stop();

  await startSendingServer();
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

test('a run starting within reminder_days sends one reminder with the calendar', async () => {
  const soon = { name: 'Påminnelse Snart', email: 'snart@example.no' };
  const later = { name: 'Påminnelse Senere', email: 'senere@example.no' };
  const a = await signUp(near.id, soon.name, soon.email);
  const b = await signUp(far.id, later.name, later.email);
  assert.equal(a.status, 'confirmed');
  assert.equal(b.status, 'confirmed');

  await waitFor(() => mailsTo(soon.email).some(isReminder), `a reminder to ${soon.email}`);
  await waitFor(() => mailsTo(later.email).length >= 1, `the confirmation to ${later.email}`);
  await delay(NO_MAIL_SETTLE_MS);  // more housekeeping rounds must not queue it again
  const reminders = mailsTo(soon.email).filter(isReminder);
  assert.equal(reminders.length, 1, 'exactly one reminder');
  assert.equal(mailsTo(later.email).filter(isReminder).length, 0,
    `no reminder for a run starting ${far.starts_at} (window ${reminderDays} days)`);

  const m = reminders[0].parsed;
  // The subject names the course and the first session's local date (issue 12).
  const first = new Date(Date.parse(near.starts_at));
  const oslo = new Intl.DateTimeFormat('nb-NO', { timeZone: 'Europe/Oslo', day: '2-digit',
    month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false })
    .formatToParts(first).reduce((o, p) => ({ ...o, [p.type]: p.value }), {});
  assert.equal(m.subject,
    `Påminnelse: ${near.course_title} starter ${oslo.day}.${oslo.month}.${oslo.year} kl. ${oslo.hour}:${oslo.minute}`);
  assert.ok(m.text.includes(near.course_title), `the course title in:\n${m.text}`);
  assert.ok(m.text.includes(`Hei ${soon.name}!`), m.text);

  // The calendar: one VEVENT per session, at the instants of the run's sessions.
  assert.equal(m.attachments.length, 1);
  const att = m.attachments[0];
  assert.match(att.filename, /\.ics$/);
  assert.match(att.contentType, /^text\/calendar/);
  const cal = new ICAL.Component(ICAL.parse(att.content.toString('utf8')));
  const zones = cal.getAllSubcomponents('vtimezone');
  for (const z of zones) ICAL.TimezoneService.register(z);
  assert.ok(zones.some((z) => z.getFirstPropertyValue('tzid') === 'Europe/Oslo'));
  const runView = await getJson(`/api/v1/runs/${near.id}`);
  const expected = runView.sessions.map((s) => Date.parse(s.starts_at)).sort((x, y) => x - y);
  const actual = cal.getAllSubcomponents('vevent')
    .map((ev) => ev.getFirstPropertyValue('dtstart').toJSDate().getTime())
    .sort((x, y) => x - y);
  assert.deepEqual(actual, expected, 'each VEVENT starts at a session of the run');
  assert.ok(Math.abs(expected[0] - Date.parse(near.starts_at)) < 1000, 'the first session');
});

test('a restarted server does not send the reminder again', async () => {
  const before = sink.mails.filter(isReminder).length;
  assert.ok(before >= 1, 'the first test sent a reminder');
  await server.stop();
  await startSendingServer();
  await delay(NO_MAIL_SETTLE_MS);
  assert.equal(sink.mails.filter(isReminder).length, before, 'no reminder twice');
});
