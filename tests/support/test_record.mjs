// The project's own test record (docs/security.md, "Test record"), for the
// Node suites: see tests/support/test_record.hpp. assertRecorded(key, n) fails
// unless the row `key` gives the figure n, so the page cannot drift from the tests.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const SOURCE = process.env.KURSBASE_SOURCE_DIR || join(import.meta.dirname, '..', '..');

export function documentedFigure(key) {
  const start = `| \`${key}\` |`;
  const line = readFileSync(join(SOURCE, 'docs', 'security.md'), 'utf8').split('\n')
    .find((l) => l.startsWith(start));
  if (!line) return -1;
  const digits = line.slice(start.length).split('|')[0].replace(/\D/g, '');
  return digits ? Number(digits) : -1;
}

export function assertRecorded(key, figure) {
  assert.equal(documentedFigure(key), figure,
    `docs/security.md "Test record": the row \`${key}\` should say ${figure}`);
}
