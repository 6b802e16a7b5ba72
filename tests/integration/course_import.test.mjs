// Onboarding a centre's catalogue (issue 14): `kursbase import courses FILE`
// checks every record before writing any. A 1,500-course CSV with 3 bad
// records reports exactly those three (line, field, why, in Norwegian) and
// imports nothing, on a dry run and for real; the corrected file imports all
// 1,500 as drafts (none public) in one go; a JSON file names records by
// position; a file that is not courses at all is refused whole; and
// `kursbase export courses --hf` writes the HF's courses so that the import
// reads them back.
// The real binary on a fresh demo database (SQLite, or PostgreSQL in the
// postgres.* variant).
//
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/course_import.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo } from '../support/server.mjs';
import { sqlValue } from '../support/sql.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);
const workDir = mkdtempSync(join(tmpdir(), 'kursbase-import-'));
const database = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
const COURSES = 1500;

function kursbase(args) {
  return spawnSync(BIN, [...args, '--database', database], { encoding: 'utf8', timeout: 120000 });
}
const count = (where) => Number(sqlValue(database, `SELECT count(*) FROM course WHERE ${where}`));
let owner = 0;  // the learning centre of Helse Bergen, from `org list`

// Each record spans two lines (its programme has two sessions), so record i
// starts on line 2i (the header is line 1).
function csv(bad = {}) {
  const rows = ['title,summary,owner_id,field,target_groups,languages,format,referral_required,programme'];
  for (let i = 1; i <= COURSES; ++i) {
    const title = bad.title === i ? '' : `Importkurs ${i}`;
    const who = bad.owner === i ? 999999999 : owner;
    const hours = bad.hours === i ? '0' : '2';
    rows.push(`${title},"For deg som vil lære å leve med det, kurs ${i}.",${who},somatic,` +
      `"adults, relatives",nb,on_site,nei,"Hva er det?|${hours}|professional\nÅ leve med det|1,5|both"`);
  }
  return rows.join('\r\n') + '\r\n';
}

before(() => {
  runDemo({ bin: BIN, database, timeoutMs: 60000 });
  const r = kursbase(['org', 'list', '--search', 'helse bergen']);
  assert.equal(r.status, 0, r.stderr);
  const centre = r.stdout.split('\n').map((l) => l.split('\t')).find((f) => f[1] === 'learning_centre');
  assert.ok(centre, `Helse Bergen's learning centre in:\n${r.stdout}`);
  owner = Number(centre[0]);
});
after(() => rmSync(workDir, { recursive: true, force: true }));

test('a 1,500-course CSV with 3 bad records reports exactly those and imports nothing', () => {
  const file = join(workDir, 'bad.csv');
  writeFileSync(file, csv({ title: 100, owner: 700, hours: 1400 }));
  const before = count('1 = 1');
  for (const args of [['--dry-run'], []]) {
    const r = kursbase(['import', 'courses', file, ...args]);
    assert.equal(r.status, 1, `exit 1 ${args}:\n${r.stdout}\n${r.stderr}`);
    assert.deepEqual(r.stdout.trimEnd().split('\n'), [
      'linje 200: Tittel: Fyll ut feltet.',
      'linje 1400: Eier: Velg en eier du kan legge kurs til.',
      'linje 2800: Samling 1, Timer: Skriv undervisningstiden i hele kvarter, fra 0,25 til 8 timer.',
    ]);
    assert.match(r.stderr, /1500 kurs lest, 3 med feil; ingenting er lagret\./);
    assert.equal(count('1 = 1'), before, `nothing imported ${args}`);
  }
});

test('the corrected file imports all 1,500 as drafts in one go, and a dry run writes nothing', () => {
  const file = join(workDir, 'good.csv');
  writeFileSync(file, csv());
  const dry = kursbase(['import', 'courses', file, '--dry-run']);
  assert.equal(dry.status, 0, dry.stderr);
  assert.match(dry.stderr, /1500 kurs lest; alle kan importeres/);
  assert.equal(count("title LIKE 'Importkurs %'"), 0);
  const started = Date.now();
  const r = kursbase(['import', 'courses', file]);
  const took = Date.now() - started;
  assert.equal(r.status, 0, `${r.stdout}\n${r.stderr}`);
  assert.match(r.stderr, /1500 kurs er lagret som utkast\./);
  console.log(`imported ${COURSES} courses in ${took} ms`);
  assert.equal(count("title LIKE 'Importkurs %'"), COURSES);
  assert.equal(count("title LIKE 'Importkurs %' AND status = 'draft'"), COURSES);
  assert.equal(Number(sqlValue(database,
    "SELECT count(*) FROM programme_item p JOIN course c ON c.id = p.course_id WHERE c.title LIKE 'Importkurs %'")),
  2 * COURSES);
  assert.equal(Number(sqlValue(database,
    "SELECT count(*) FROM course_history h JOIN course c ON c.id = h.course_id " +
    "WHERE c.title LIKE 'Importkurs %' AND h.changes = 'created' AND h.account_id IS NULL")), COURSES);
});

test('a JSON file names its records by position; a file that is not courses is refused whole', () => {
  const json = join(workDir, 'kurs.json');
  writeFileSync(json, JSON.stringify([
    { title: 'JSON-kurs', summary: 'Kort om kurset.', owner_id: owner, field: 'somatic',
      target_groups: ['adults'], languages: ['nb'], format: 'digital',
      programme: [{ topic: 'Tema', hours: 1.5, teacher: 'both' }] },
    { title: 'JSON-kurs 2', summary: 'Kort om kurset.', owner_id: owner, field: 'somatic',
      target_groups: 'adults', languages: ['nb'], format: 'digital',
      programme: [{ topic: 'Tema', hours: 2, teacher: 'both' }] },
  ]));
  const r = kursbase(['import', 'courses', json]);
  assert.equal(r.status, 1, r.stderr);
  assert.deepEqual(r.stdout.trimEnd().split('\n'),
    ['kurs nr. 2: Målgrupper: Verdien har feil form for dette feltet.']);
  assert.equal(count("title LIKE 'JSON-kurs%'"), 0);

  const odd = join(workDir, 'odd.csv');
  writeFileSync(odd, 'title,colour\nKurs,blå\n');
  const refused = kursbase(['import', 'courses', odd]);
  assert.equal(refused.status, 1);
  assert.match(refused.stderr, /Filen har en kolonne som ikke finnes i formatet/);
  assert.doesNotMatch(refused.stderr, /course_file\.error/, 'no message key, the text');
  const missing = kursbase(['import', 'courses', join(workDir, 'finnes-ikke.csv')]);
  assert.equal(missing.status, 1);
  assert.match(missing.stderr, /Fant ikke filen/);
});

test('the courses of an HF, exported, read back through the import', () => {
  const hf = Number(kursbase(['org', 'list', '--search', 'helse bergen']).stdout.split('\n')
    .map((l) => l.split('\t')).find((f) => f[1] === 'health_trust')[0]);
  const file = join(workDir, 'bergen.csv');
  const out = kursbase(['export', 'courses', '--hf', String(hf), '--output', file]);
  assert.equal(out.status, 0, out.stderr);
  const exported = Number(out.stderr.match(/kursbase export: (\d+) kurs/)[1]);
  assert.ok(exported >= COURSES, `the imported courses are Bergen's: ${exported}`);
  const back = kursbase(['import', 'courses', file, '--dry-run']);
  assert.equal(back.status, 0, `${back.stdout}\n${back.stderr}`);
  assert.match(back.stderr, new RegExp(`${exported} kurs lest; alle kan importeres`));
  const notHf = kursbase(['export', 'courses', '--hf', String(owner)]);
  assert.equal(notHf.status, 1);
  assert.match(notHf.stderr, /Fant ikke helseforetaket/);
});
