// Prints @navikt/fnrvalidator's verdict on a deterministic set of national identity number
// candidates, one JSON object per line on stdout:
//   {"source":"grid","input":"01019000091","status":"valid","type":"fnr"}
//   {"source":"random","input":"12345678901","status":"invalid","reason":"checksum"}
// reason is the first of fnrvalidator's reasons, shortened to format | checksum | date.
// national_id_conformance_test.cpp runs our parser on the same inputs and compares.
// Usage: node tests/conformance/national_id_vectors.mjs  (needs `npm ci` at the repo root)
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const kPinnedVersion = '2.2.1';  // bump deliberately: a new release may change the verdicts
const packageJson = require.resolve('@navikt/fnrvalidator/package.json');
const packageDir = path.dirname(packageJson);
const {version} = JSON.parse(readFileSync(packageJson, 'utf8'));
if (version !== kPinnedVersion) {
  console.error(`expected @navikt/fnrvalidator ${kPinnedVersion}, found ${version}`);
  process.exit(2);
}
const {idnr} = require('@navikt/fnrvalidator');

const kReasons = new Map([
  ['fnr, dnr or hnr must consist of 11 digits', 'format'],
  ['checksums don\'t match', 'checksum'],
  ['invalid date', 'date'],
]);

// Small seeded generator (mulberry32) so every run checks the same inputs.
let seed = 0x4b75_7273;
function random() {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const randomInt = (lo, hi) => lo + Math.floor(random() * (hi - lo + 1));
const pad = (n, width) => String(n).padStart(width, '0');

// Control digits, computed here independently of both validators. remainder is the k1
// remainder: 0 under the 1964 rule, 0-3 from 2032. Returns null when no digit fits.
const kW1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
const kW2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
function complete(nine, remainder = 0) {
  const d = [...nine].map(Number);
  const s1 = d.reduce((sum, x, i) => sum + x * kW1[i], 0);
  const k1 = (((remainder - s1) % 11) + 11) % 11;
  if (k1 === 10) return null;
  const s2 = [...d, k1].reduce((sum, x, i) => sum + x * kW2[i], 0);
  const k2 = (11 - (s2 % 11)) % 11;
  return k2 === 10 ? null : `${nine}${k1}${k2}`;
}
// The first individual number from `start` (wrapping) that gives valid control digits.
function completeFrom(six, start, remainder = 0) {
  for (let i = 0; i < 1000; ++i) {
    const number = complete(six + pad((start + i) % 1000, 3), remainder);
    if (number) return number;
  }
  return null;
}

const lines = [];
const seen = new Set();
function add(source, input) {
  if (input === null || seen.has(input)) return;
  seen.add(input);
  const result = idnr(input);
  const line = {source, input, status: result.status};
  if (result.status === 'valid') {
    line.type = result.type;
  } else {
    line.reason = kReasons.get(result.reasons[0]);
    if (!line.reason) throw new Error(`unknown fnrvalidator reason: ${result.reasons[0]}`);
  }
  lines.push(JSON.stringify(line));
}

// 1. The package's own examples: every quoted string with digits in its tests and README.
for (const file of ['tests/fnr.spec.ts', 'README.md']) {
  let text = '';
  try {
    text = readFileSync(path.join(packageDir, file), 'utf8');
  } catch {
    continue;  // not shipped in every release
  }
  for (const match of text.matchAll(/["']([0-9A-Za-z ]{5,15})["']/g)) {
    if (/\d{5}/.test(match[1])) add('package', match[1]);
  }
}

// 2. Skatteetaten's 2032 examples ("Nytt fødselsnummer fra 2032").
for (const n of ['02013299997', '02013299903', '02013299806', '30108299920', '30108299939']) {
  add('skatteetaten', n);
}

// 3. Real-looking numbers: birth date and individual number from the pre-2032 century table,
// each with every offset (D-number, H-number, synthetic, combinations) and k1 remainder.
function randomBirth() {
  const y = randomInt(1854, 2039);
  const m = randomInt(1, 12);
  const d = randomInt(1, new Date(Date.UTC(y, m, 0)).getUTCDate());
  let individual = randomInt(500, 999);
  if (y < 1900) individual = randomInt(500, 749);
  if (y >= 1900 && y < 2000) {
    individual = y >= 1940 && random() < 0.2 ? randomInt(900, 999) : randomInt(0, 499);
  }
  return {d, m, yy: y % 100, individual};
}
const kOffsets = [
  [0, 0],
  [40, 0],
  [0, 40],
  [0, 80],
  [40, 40],
  [40, 80],
];
for (let i = 0; i < 400; ++i) {
  const b = randomBirth();
  for (const [dayOffset, monthOffset] of kOffsets) {
    const six = pad(b.d + dayOffset, 2) + pad(b.m + monthOffset, 2) + pad(b.yy, 2);
    add('generated', completeFrom(six, b.individual, i % 4 === 0 ? randomInt(1, 3) : 0));
  }
}

// 4. Every day field 00-99 with every month field 00-99 (valid control digits): the whole
// date and offset logic, including D-numbers with day 72+ and months like 21 or 61.
for (let dd = 0; dd < 100; ++dd) {
  for (let mm = 0; mm < 100; ++mm) {
    const yy = randomInt(0, 99);
    add('grid',
        completeFrom(pad(dd, 2) + pad(mm, 2) + pad(yy, 2), randomInt(0, 999), randomInt(0, 3)));
  }
}

// 5. Leap days and month ends in every two-digit year, for each century's individual range.
for (let yy = 0; yy < 100; ++yy) {
  for (const dm of ['2902', '2802', '3002', '3104', '3112', '6902', '2982', '6942']) {
    for (const start of [0, 500, 750, 900]) add('leap', completeFrom(dm + pad(yy, 2), start));
  }
}

// 6. Random 11-digit strings (almost all invalid) and the k1 remainders 4-10.
for (let i = 0; i < 2000; ++i) {
  add('random', Array.from({length: 11}, () => randomInt(0, 9)).join(''));
}
for (let i = 0; i < 300; ++i) {
  const b = randomBirth();
  add('remainder',
      complete(pad(b.d, 2) + pad(b.m, 2) + pad(b.yy, 2) + pad(b.individual, 3), randomInt(4, 10)));
}

// 7. Mutations of valid numbers: typos, swaps, wrong length, separators, foreign characters.
const valid =
    lines.map((l) => JSON.parse(l)).filter((l) => l.status === 'valid').map((l) => l.input);
const kForeign = [
  ' ', '-', '.', '/', ':', 'A', 'o', '\n', '\t', '\u0661' /* Arabic-Indic 1 */,
  '\uff11' /* fullwidth 1 */, '\u00b9'
];
for (let i = 0; i < 3000; ++i) {
  const n = valid[randomInt(0, valid.length - 1)];
  const at = randomInt(0, 10);
  switch (i % 8) {
    case 0:
      add('mutated', n.slice(0, at) + ((Number(n[at]) + randomInt(1, 9)) % 10) + n.slice(at + 1));
      break;
    case 1:
      add('mutated', at < 10 ? n.slice(0, at) + n[at + 1] + n[at] + n.slice(at + 2) : n);
      break;
    case 2:
      add('mutated', n.slice(0, at) + n.slice(at + 1));
      break;
    case 3:
      add('mutated', n.slice(0, at) + randomInt(0, 9) + n.slice(at));
      break;
    case 4:
      add('mutated',
          n.slice(0, at) + kForeign[randomInt(0, kForeign.length - 1)] + n.slice(at + 1));
      break;
    case 5:
      add('mutated', n.slice(0, at) + kForeign[randomInt(0, kForeign.length - 1)] + n.slice(at));
      break;
    case 6:
      add('mutated',
          [' ' + n, n + ' ', n + '\n', n.slice(0, 6) + ' ' + n.slice(6)][randomInt(0, 3)]);
      break;
    default:
      add('mutated', n.slice(0, randomInt(0, 10)));
      break;
  }
}
add('mutated', '');

process.stdout.write(lines.join('\n') + '\n');
console.error(`fnrvalidator ${version}: ${lines.length} verdicts`);
