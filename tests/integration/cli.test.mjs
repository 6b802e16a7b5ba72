// The operator's command line (issue 12): `kursbase org list [--search …]`
// finds the id a role's scope needs, and `kursbase user add` explains a
// mistake in Norwegian, never by a message key. The real binary on a fresh
// demo database (SQLite, or PostgreSQL in the postgres.* variant).
//
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/cli.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../support/server.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);
const workDir = mkdtempSync(join(tmpdir(), 'kursbase-cli-'));
const database = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
const PASSWORD = 'et langt nok passord for en ansatt';

function kursbase(args, input = '') {
  return spawnSync(BIN, [...args, '--database', database], { input, encoding: 'utf8', timeout: 30000 });
}

// `org list` as rows of { id, kind, scope, name, parent } (tab-separated under a header).
function orgList(search) {
  const r = kursbase(['org', 'list', ...(search === undefined ? [] : ['--search', search])]);
  const [header, ...lines] = r.stdout.trimEnd().split('\n');
  assert.equal(header, 'id\tkind\tscope\tname\tparent');
  const rows = lines.map((l) => {
    const [id, kind, scope, name, parent] = l.split('\t');
    return { id: Number(id), kind, scope, name, parent };
  });
  return { status: r.status, stderr: r.stderr, rows };
}

// A failed `user …`: exit 1 and a line "kursbase user: TEXT" on stderr (PostgreSQL
// may print NOTICE lines of the migration check before it), no message key in it.
function assertRefusedInNorwegian(r, text) {
  assert.equal(r.status, 1, `user add should fail:\n${r.stdout}\n${r.stderr}`);
  const line = r.stderr.split('\n').find((l) => l.startsWith('kursbase user: '));
  assert.ok(line, `stderr should have a "kursbase user: " line:\n${r.stderr}`);
  assert.ok(line.includes(text), `stderr should say "${text}":\n${r.stderr}`);
  assert.doesNotMatch(r.stderr, /\((staff|error)\.[a-z_.]+\)/, 'no message key in parentheses');
  assert.doesNotMatch(r.stderr, /\bstaff\.[a-z_]+\b|\berror\.role\b/, 'no message key at all');
}

before(() => runDemo({ bin: BIN, database, timeoutMs: 60000 }));
after(() => rmSync(workDir, { recursive: true, force: true }));

test('org list prints every organisation with its kind, grant scope and parent', () => {
  const { status, rows } = orgList();
  assert.equal(status, 0);
  assert.ok(rows.length > 50, `the demo country has many organisations, got ${rows.length}`);
  const rhf = rows.filter((r) => r.kind === 'regional_health_authority');
  assert.deepEqual(rhf.map((r) => r.name).sort(),
    ['Helse Midt-Norge RHF', 'Helse Nord RHF', 'Helse Sør-Øst RHF', 'Helse Vest RHF']);
  for (const r of rhf) {
    assert.equal(r.scope, `region:${r.id}`);
    assert.equal(r.parent, '-');
  }
  for (const r of rows.filter((x) => x.kind === 'health_trust')) {
    assert.equal(r.scope, `health_trust:${r.id}`);
    assert.match(r.parent, /^\d+ Helse .* RHF$/, `an HF lies under an RHF: ${JSON.stringify(r)}`);
  }
  for (const r of rows.filter((x) => !['health_trust', 'regional_health_authority'].includes(x.kind))) {
    assert.equal(r.scope, '-', `only RHFs and HFs are grant scopes: ${JSON.stringify(r)}`);
  }
});

test('org list --search ignores case, accents and æøå, and says so when nothing matches', () => {
  const exact = orgList('Helse Sør-Øst');
  assert.equal(exact.status, 0);
  assert.deepEqual(exact.rows.map((r) => r.name), ['Helse Sør-Øst RHF']);
  assert.deepEqual(orgList('HELSE SOR-OST').rows, exact.rows);
  assert.deepEqual(orgList('helse sor ost').rows, exact.rows);
  const ous = orgList('oslo universitetssykehus');
  assert.ok(ous.rows.some((r) => r.kind === 'health_trust' && r.name === 'Oslo universitetssykehus HF'),
    JSON.stringify(ous.rows));
  for (const r of ous.rows) assert.match(r.name, /Oslo universitetssykehus/);

  const none = orgList('ingen slik organisasjon finnes');
  assert.equal(none.status, 1);
  assert.deepEqual(none.rows, []);
  assert.match(none.stderr, /^kursbase org: Fant ingen organisasjon med de ordene/m);
});

test('user add explains a short password, an unknown role and an unknown scope in Norwegian', () => {
  const hf = orgList('oslo universitetssykehus hf').rows.find((r) => r.kind === 'health_trust');
  assert.ok(hf, 'Oslo universitetssykehus HF is in the demo');
  const add = (username, role, password = PASSWORD) => kursbase(['user', 'add', '--username', username,
    '--name', 'Kari Nordmann', '--role', role], `${password}\n`);

  assertRefusedInNorwegian(add('kari', `lms_advisor:${hf.scope}`, 'for kort'),
    'Passordet må ha 15 til 128 tegn.');
  assertRefusedInNorwegian(add('kari', `lms_adviser:${hf.scope}`), 'Ugyldig rolle.');
  assertRefusedInNorwegian(add('kari', 'lms_advisor:hf:5'), 'Ugyldig rolle.');
  assertRefusedInNorwegian(add('kari', 'lms_advisor:health_trust:999999'),
    'Omfanget i rollen finnes ikke');
  // An RHF's id is no HF, and an LMS is no scope: its HF is.
  const rhf = orgList('helse sor-ost').rows[0];
  assertRefusedInNorwegian(add('kari', `lms_advisor:health_trust:${rhf.id}`), 'kursbase org list');
  const lms = orgList('mestringssenteret oslo universitetssykehus').rows.find((r) => r.kind === 'learning_centre');
  assert.ok(lms, 'the LMS of OUS is in the demo');
  assertRefusedInNorwegian(add('kari', `lms_advisor:health_trust:${lms.id}`), 'Omfanget i rollen finnes ikke');
  assertRefusedInNorwegian(add('kari', 'course_leader:course:999999'), 'Omfanget i rollen finnes ikke');

  // The id org list gave works, and a second account by the same name is refused in Norwegian.
  const made = add('kari', `lms_advisor:${hf.scope}`);
  assert.equal(made.status, 0, made.stderr);
  assert.match(made.stdout, /^created account \d+ \(kari\)/);
  assertRefusedInNorwegian(add('kari', `auditor:region:${rhf.id}`), 'Brukernavnet er allerede i bruk.');
  const region = add('rita', `analyst:region:${rhf.id}`);
  assert.equal(region.status, 0, region.stderr);
});

test('user disable and reset-password name an unknown account in Norwegian', () => {
  assertRefusedInNorwegian(kursbase(['user', 'disable', '--username', 'finnes.ikke']),
    'Finner ingen bruker med det brukernavnet.');
  assertRefusedInNorwegian(kursbase(['user', 'reset-password', '--username', 'finnes.ikke'], 'kort\n'),
    'Passordet må ha 15 til 128 tegn.');
});
