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
import { jsonClient } from '../support/http.mjs';
import { sqlRows } from '../support/sql.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-at-rest-'));
const dbPath = join(workDir, 'kursbase.db');
let server = null;

before(async () => {
  runDemo({ bin: BIN, database: dbPath });
  // No KURSBASE_SMTP_URL, no SMS gateway: the outbox only fills.
  server = await startKursbase({ bin: BIN, database: dbPath, env: { KURSBASE_SIGN_UP_LIMIT: '1000' } });
});

after(async () => {
  if (server) await server.stop();
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
  const { getJson, signUp, smallestOpenRun } = jsonClient(server.baseUrl);
  const run = await smallestOpenRun();
  const people = [
    { name: 'Kari Hemmelig', email: 'kari.hemmelig@example.no' },
    { name: 'Per Hemmelig', mobile: '+47 912 34 567' },
  ];
  const tokens = [];
  for (const p of people) {
    const answer = await signUp(run.id, p);
    tokens.push(answer.manage_token);
    // The link works: it is a live token.
    const view = await getJson(`/api/v1/enrollments/${answer.manage_token}`);
    assert.equal(view.name, p.name);
  }
  const rows = sqlRows(dbPath,
    "SELECT subject, body, attachment, sealed FROM outbox WHERE sent_at IS NULL AND kind IN ('confirmation', 'waitlisted')");
  assert.ok(rows.length >= people.length, `the confirmations wait in the outbox (${rows.length})`);
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
