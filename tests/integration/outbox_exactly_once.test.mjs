// Exactly-once mail (issue 11, item 4), counted by Message-ID at a real SMTP
// sink that takes its time over each mail, so that a send is in flight when
// things break:
//   - kill -9 of the server while it sends, three times: at most the one
//     message in flight per kill arrives twice (its lease ends, it goes again
//     with the same Message-ID; docs/operations.md);
//   - PostgreSQL stopped (immediate shutdown) while the server sends, three
//     times: nothing arrives twice (the worker stops at the first database
//     error and marks the message it had sent when the database is back).
// The outage test runs a PostgreSQL server of its own (scripts/start-postgres.sh),
// so that stopping it does not disturb the suites that share ctest's fixture.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN                the kursbase binary
//   KURSBASE_TEST_DATABASE_URL  (postgres.* variant) the database of the kill test
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/outbox_exactly_once.test.mjs

import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, startKursbase } from '../support/server.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';
import { assertRecorded } from '../support/test_record.mjs';
import { jsonClient } from '../support/http.mjs';
import { waitFor } from '../support/wait.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);
const SOURCE = process.env.KURSBASE_SOURCE_DIR || join(import.meta.dirname, '..', '..');

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-exactly-once-'));
chmodSync(workDir, 0o755);  // the PostgreSQL server runs as `postgres` when we are root
const PEOPLE = 24;
const SMTP_DELAY_MS = 120;  // each mail takes this long to be taken: a send is in flight
const MAIL_WAIT_MS = 60000;
const cleanups = [];
after(async () => {
  for (const c of cleanups.reverse()) await c();
  rmSync(workDir, { recursive: true, force: true });
});

// A server on `database` sending to `sink`, restartable, its output kept.
function mailingServer(database, sink, extraEnv = {}) {
  let current = null;
  let log = '';
  const handle = {
    baseUrl: () => current.baseUrl,
    log: () => log,
    async start() {
      current = await startKursbase({
        bin: BIN,
        database,
        cwd: workDir,
        onLog: (d) => { log += d; },
        env: {
          KURSBASE_SMTP_URL: sink.url,
          KURSBASE_MAIL_FROM: 'Kursbase test <ikke-svar@kursbase.test>',
          KURSBASE_SIGN_UP_LIMIT: '1000',
          // A short lease, so that the message in flight at a kill goes again soon.
          KURSBASE_OUTBOX_LEASE_SECONDS: '2',
          ...extraEnv,
        },
      });
    },
    kill: () => current.kill(),
    stop: () => (current ? current.stop() : Promise.resolve()),
  };
  cleanups.push(() => handle.stop());
  return handle;
}

// PEOPLE sign-ups over the open runs without referral (full ones put people
// on the waiting list, which also sends a mail); returns their addresses.
async function signUpPeople(baseUrl, tag) {
  const { getJson, postJson } = jsonClient(baseUrl);
  const search = await getJson('/api/v1/courses?no_referral=1&free_seats=1&page_size=50');
  const runIds = [];
  for (const item of search.items) {
    const course = await getJson(`/api/v1/courses/${item.id}`);
    for (const r of course.runs) if (r.status === 'open') runIds.push(r.id);
  }
  assert.ok(runIds.length > 0, 'open runs');
  const emails = [];
  for (let i = 0; emails.length < PEOPLE && i < PEOPLE * 4; i++) {
    const email = `deltaker${i}.${tag}@example.no`;
    const res = await postJson(`/api/v1/runs/${runIds[i % runIds.length]}/enrollments`,
      { name: `Testperson ${tag} ${i}`, email, kind: 'patient', consent: true });
    await res.arrayBuffer();
    if (res.status === 202) emails.push(email);
  }
  assert.equal(emails.length, PEOPLE, 'every sign-up taken');
  return emails;
}

const extraCopies = (sink) =>
  Object.values(sink.duplicates()).reduce((sum, n) => sum + (n - 1), 0);

async function allDelivered(sink, emails, server) {
  await waitFor(() => emails.every((e) => sink.mailsTo(e).length >= 1),
    `a mail to each of the ${emails.length}`, MAIL_WAIT_MS,
    () => `${sink.describe()}\n${server.log()}`);
  // A lease (2 s) and a worker round more: what would go twice has gone by then.
  await new Promise((r) => setTimeout(r, 3000));
}

test('kill -9 while sending: at most the message in flight goes twice, per kill', async () => {
  const database = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kill.db');
  runDemo({ bin: BIN, database, cwd: workDir });
  const sink = await startSmtpSink({ delayMs: SMTP_DELAY_MS });
  cleanups.push(() => sink.close());
  const server = mailingServer(database, sink);
  await server.start();
  const emails = await signUpPeople(server.baseUrl(), 'drept');
  const KILLS = 3;
  assertRecorded('outbox_kills', KILLS);
  for (let k = 0; k < KILLS; k++) {
    const before = sink.mails.length;
    await waitFor(() => sink.mails.length >= before + 2, 'sending under way', MAIL_WAIT_MS,
      () => server.log());
    await server.kill();
    await server.start();
  }
  await allDelivered(sink, emails, server);
  const extra = extraCopies(sink);
  // Counted over all messages, not per address: the copy in flight at one kill
  // may be in flight again at the next (its lease ran out just before), so one
  // address may see three copies after two kills; each kill still costs at most one.
  assert.ok(extra <= KILLS, `${extra} extra copies after ${KILLS} kills: ${JSON.stringify(sink.duplicates())}`);
});

// ------------------------------------------------------- PostgreSQL outages

const pgBin = () => `/usr/lib/postgresql/${readdirSync('/usr/lib/postgresql').sort().pop()}/bin`;
const asOwner = (args) => (process.getuid() === 0 ? ['runuser', ['-u', 'postgres', '--', ...args]]
  : [args[0], args.slice(1)]);

function pgCtl(dir, ...args) {
  const [cmd, rest] = asOwner([`${pgBin()}/pg_ctl`, '-D', `${dir}/data`, ...args]);
  const r = spawnSync(cmd, rest, { encoding: 'utf8' });
  assert.equal(r.status, 0, `pg_ctl ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

// Once, in the SQLite variant: it brings its own PostgreSQL server either way.
test('PostgreSQL stopped while sending, three times: nothing goes twice',
  { skip: process.env.KURSBASE_TEST_DATABASE_URL ? 'run by the SQLite variant' : false }, async () => {
  const dir = join(workDir, 'pg');
  const started = spawnSync(join(SOURCE, 'scripts', 'start-postgres.sh'), [dir], { encoding: 'utf8' });
  assert.equal(started.status, 0, started.stderr);
  cleanups.push(() => { spawnSync(join(SOURCE, 'scripts', 'stop-postgres.sh'), [dir]); });
  const url = readFileSync(join(dir, 'url'), 'utf8').trim();
  const port = new URL(url).port;
  runDemo({ bin: BIN, database: url, cwd: workDir });
  const sink = await startSmtpSink({ delayMs: SMTP_DELAY_MS });
  cleanups.push(() => sink.close());
  const server = mailingServer(url, sink);
  await server.start();
  const emails = await signUpPeople(server.baseUrl(), 'brudd');
  const OUTAGES = 3;
  assertRecorded('postgres_outages', OUTAGES);
  for (let k = 0; k < OUTAGES; k++) {
    const before = sink.mails.length;
    await waitFor(() => sink.mails.length >= before + 2, 'sending under way', MAIL_WAIT_MS,
      () => server.log());
    pgCtl(dir, '-m', 'immediate', '-w', 'stop');
    // Down until the worker has run into it (it says so), then back.
    const warnings = (server.log().match(/outbox: /g) || []).length;
    await waitFor(() => (server.log().match(/outbox: /g) || []).length > warnings,
      'the worker meets the outage', 20000, () => server.log());
    pgCtl(dir, '-l', `${dir}/server.log`, '-w', '-t', '60', '-o',
      `-c listen_addresses=127.0.0.1 -p ${port} -k ${dir} -c max_connections=200`, 'start');
  }
  await allDelivered(sink, emails, server);
  assert.deepEqual(sink.duplicates(), {}, 'no Message-ID twice');
  assert.equal(sink.mails.length, emails.length);
});
