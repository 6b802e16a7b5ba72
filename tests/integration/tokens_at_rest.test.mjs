// No private links at rest (issue 11, item 5): with neither mail nor SMS
// configured nothing is ever sent, so every confirmation stays in the outbox;
// its subject, body and calendar are sealed with the data key
// (app/messaging/sealed_message.hpp), and the enrollment keeps only the
// token's hash and a sealed copy. So the bytes of the SQLite file and its WAL
// hold no live token, and no outbox row names the person or the course.
//
// SQLite only: it reads the database's files.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN  the kursbase binary
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/tokens_at_rest.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, startKursbase } from '../support/server.mjs';
import { startSmtpSink } from '../support/smtp_sink.mjs';
import { waitFor } from '../support/wait.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlRows } from '../support/sql.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-at-rest-'));
const dbPath = join(workDir, 'kursbase.db');
let server = null;
let sink = null;
let holding = false;  // once set, the sink answers 451: every mail stays in the outbox

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  // The links come by mail (issue 11); then the mail server says "later", so
  // the outbox fills as it would with mail down or not configured.
  sink = await startSmtpSink({ refuse: () => (holding ? 451 : false) });
  server = await startKursbase({ bin: BIN, database: dbPath,
    env: { KURSBASE_SIGN_UP_LIMIT: '1000', KURSBASE_SMTP_URL: sink.url } });
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

// Where each needle occurs in the database file and its WAL.
function foundIn(needles) {
  const hits = [];
  for (const file of [dbPath, `${dbPath}-wal`]) {
    if (!existsSync(file)) continue;
    const bytes = readFileSync(file);
    for (const n of needles) if (bytes.indexOf(Buffer.from(n, 'utf8')) !== -1) hits.push(`${n} in ${file}`);
  }
  return hits;
}

test('after sign-ups the database and its WAL hold no live private link', async () => {
  const { getJson, signUp, enroll, smallestOpenRun } = jsonClient(server.baseUrl);
  const run = await smallestOpenRun();
  const people = [
    { name: 'Kari Hemmelig', email: 'kari.hemmelig@example.no' },
    { name: 'Per Hemmelig', email: 'per.hemmelig@example.no' },
  ];
  const tokens = [];
  for (const p of people) {
    // The link works: it is a live token.
    const view = await enroll(run.id, p, sink);
    assert.equal(view.name, p.name);
    tokens.push(view.manage_token);
  }
  // Each signs up again: the re-sent links (with the token) wait in the outbox.
  holding = true;
  for (const p of people) await signUp(run.id, p);
  await waitFor(() => sink.refused.length >= people.length, 'the re-sends tried', 30000);
  const rows = sqlRows(dbPath,
    "SELECT subject, body, attachment, sealed FROM outbox WHERE sent_at IS NULL AND kind = 'link_resent'");
  assert.equal(rows.length, people.length, `the re-sent links wait in the outbox (${rows.length})`);
  for (const r of rows) {
    assert.equal(r.sealed, 1);
    for (const p of people) {
      assert.ok(!r.body.includes(p.name) && !r.subject.includes(p.name), 'no name in an outbox row');
    }
    assert.ok(!r.body.includes('pamelding') && !r.subject.includes(run.course_title || '\u0000'),
      'no link, no course');
  }
  assert.deepEqual(foundIn(tokens), [], 'a live token at rest (server running, WAL in use)');
  await server.stop();
  server = null;
  assert.deepEqual(foundIn(tokens), [], 'a live token at rest (after the checkpoint at stop)');
});
