// Course authoring end to end (issue 14): LMS advisors write courses through the
// staff JSON API of the real `kursbase serve`, and the public catalogue follows.
//
// 1. A draft is never public: the search for a word only its title has finds
//    nothing and its course page is 404, also once the catalogue's read model
//    is shown to be newer than the draft. Published, it is found; renamed, the
//    new word finds it and the old one no longer; archived, it is gone from the
//    search and its page.
// 2. Two advisors saving the same version at the same moment: exactly one 200,
//    one 409 whose `current` is the winner's course; 20 rounds; the history has
//    one entry per successful save.
// 3. A course's life with a run: created and published, a run planned on the
//    staff form and opened, found by search, a person signs up (their mail
//    arrives at a real SMTP sink), the advisor cancels the run with a note, and
//    the person's cancellation mail arrives with the note, their own private
//    link and a calendar whose every session is CANCELLED; the run then refuses
//    sign-ups.
//
// The server runs with catalogue.refresh_ms = 500 (KURSBASE_CATALOGUE_REFRESH_MS,
// docs/configuration.md). The read model is polled at most once per interval, in
// the request that finds the interval over, so a search that misses the
// micro-cache and starts one interval after a change was answered shows it.
// Such searches carry a parameter of their own (`nocache=N`: unknown parameters
// are ignored, and the micro-cache is keyed by the URL). An anonymous search is
// also micro-cached for one interval, so the same URL asked again shows the
// change once it is asked two intervals after it (docs/performance.md: "the
// answer may so be up to two intervals old"). These bounds are asserted on when
// each request started (watchChange), not on a total time with a margin, so a
// slow rebuild on a loaded machine cannot fail them; the delays are printed as
// diagnostics. Waits are polls with deadlines; there is no fixed sleep.
//
// Accounts: `kursbase user add` with the role lms_advisor:health_trust:<HF>
// (src/cli/user_command.cpp), signed in through the form /innlogging; the owner
// of the courses is the HF's learning centre (or a department), found with
// `kursbase org list`.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN                the kursbase binary
//   KURSBASE_STATIC_DIR         its static files
//   KURSBASE_TEST_DATABASE_URL  (postgres.* variant) a fresh database
// Run by hand:  KURSBASE_BIN=build/kursbase node --test tests/integration/course_authoring.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runDemo, startKursbase } from '../support/server.mjs';
import { mailingServerEnv, startSmtpSink, tokenIn } from '../support/smtp_sink.mjs';
import { waitFor } from '../support/wait.mjs';

const BIN = process.env.KURSBASE_BIN;
assert.ok(BIN && existsSync(BIN), `KURSBASE_BIN must name the kursbase binary (got ${BIN})`);

const REFRESH_MS = 500;  // catalogue.refresh_ms of this test's server
const POLL_MS = 20;      // between two rounds of polls
const ROUNDS = 20;       // of the edit race
const PASSWORD = 'et langt passord for rådgiveren';
const HF_NAME = 'Helse Bergen HF';

const workDir = mkdtempSync(join(tmpdir(), 'kursbase-authoring-'));
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
let server = null;
let baseUrl = '';
let sink = null;

const kari = { username: 'kari.lms', name: 'Kari Kursrådgiver', cookie: '' };
const ola = { username: 'ola.lms', name: 'Ola Kursrådgiver', cookie: '' };
let hf = null;      // { id, name } of HF_NAME
let centre = null;  // its learning centre
let department = null;

// A word no course of the demo has: letters only (a digit would be a word of its own
// on some engines), long, and random, so no word is one edit away (the search's
// spelling correction).
const LETTERS = 'bcdfghjklmnpqrstvwxz';
const uniqueWord = (stem) =>
  stem + Array.from({ length: 10 }, () => LETTERS[randomInt(LETTERS.length)]).join('');

// ---------------------------------------------------------------- helpers

function kursbase(args, input = '') {
  return spawnSync(BIN, [...args, '--database', dbPath], { input, encoding: 'utf8', timeout: 30000 });
}

// `kursbase org list` as rows of { id, kind, name, parent } (tab-separated under a header).
function organisations() {
  const r = kursbase(['org', 'list']);
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const [header, ...lines] = r.stdout.trimEnd().split('\n');
  assert.equal(header, 'id\tkind\tscope\tname\tparent');
  return lines.map((l) => {
    const [id, kind, , name, parent] = l.split('\t');
    return { id: Number(id), kind, name, parent };
  });
}

function addAdvisor(who) {
  const r = kursbase(['user', 'add', '--username', who.username, '--name', who.name,
    '--role', `lms_advisor:health_trust:${hf.id}`], PASSWORD);
  assert.equal(r.status, 0, `user add ${who.username}: ${r.stdout}${r.stderr}`);
}

// The form sign-in; the session cookie ("name=value").
async function signIn(username) {
  const page = await fetch(`${baseUrl}/innlogging`);
  const cookie = page.headers.getSetCookie().find((c) => c.startsWith('kursbase_csrf='));
  const token = (await page.text()).match(/name="csrf" value="([^"]+)"/)[1];
  const res = await fetch(`${baseUrl}/innlogging`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: cookie.split(';')[0] },
    body: new URLSearchParams({ csrf: token, username, password: PASSWORD, neste: '/ansatt/kurs' }),
  });
  await res.arrayBuffer();
  assert.equal(res.status, 303, `sign-in of ${username}: ${res.status}`);
  return res.headers.getSetCookie().find((c) => c.startsWith('kursbase_session=')).split(';')[0];
}

// A staff API call as `who`: { status, body, headers }. The JSON content type is
// also the API's CSRF defence.
async function staff(who, method, path, body) {
  const res = await fetch(`${baseUrl}${path}`, {
    method,
    headers: { Cookie: who.cookie, ...(body === undefined ? {} : { 'Content-Type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let parsed = null;
  try { parsed = JSON.parse(text); } catch { /* not JSON: kept as text below */ }
  return { status: res.status, body: parsed, text, headers: res.headers };
}

// A course as the API takes it (the fields course_routes_test.cpp uses).
const courseBody = (title, ownerId) => ({
  title,
  summary: 'For deg som lever med en kronisk sykdom, og for dine pårørende.',
  description: 'Et kurs laget av integrasjonstesten for kursredigering.',
  owner_id: ownerId,
  field: 'somatic',
  target_groups: ['adults', 'relatives'],
  languages: ['nb'],
  format: 'on_site',
  referral_required: false,
  programme: [
    { topic: 'Å leve med sykdommen', hours: 2, teacher: 'professional' },
    { topic: 'Erfaringer fra en som har vært der', hours: 1.5, teacher: 'user_representative' },
  ],
});

// The editable fields of a course read from the staff API, for a PUT.
function editable(course) {
  const { id, status, text_language, owner_name, history, ...fields } = course;
  return fields;
}

async function create(who, title, ownerId) {
  const r = await staff(who, 'POST', '/api/v1/staff/courses', courseBody(title, ownerId));
  assert.equal(r.status, 201, r.text);
  assert.equal(r.headers.get('location'), `/api/v1/staff/courses/${r.body.id}`);
  assert.equal(r.body.status, 'draft');
  assert.equal(r.body.version, 1);
  assert.equal(r.body.title, title);
  assert.equal(r.body.owner_id, ownerId);
  return r.body;
}

async function move(who, course, status) {
  const r = await staff(who, 'POST', `/api/v1/staff/courses/${course.id}/status`,
    { version: course.version, status });
  assert.equal(r.status, 200, `${course.status} → ${status}: ${r.text}`);
  assert.equal(r.body.status, status);
  assert.equal(r.body.version, course.version + 1);
  return r.body;
}

// What the public sees (no cookie: the micro-cache serves such requests).
let cacheBuster = 0;
async function publicJson(path) {
  const res = await fetch(`${baseUrl}${path}`);
  const text = await res.text();
  return { status: res.status, body: res.status === 200 ? JSON.parse(text) : null, text };
}
// The search for `word` as a person's browser repeats it (the same URL), or past
// the micro-cache (an ignored parameter of its own), in both cases with the ids found.
async function search(word, { fresh }) {
  const q = `/api/v1/courses?q=${encodeURIComponent(word)}&page_size=50` +
    (fresh ? `&nocache=${++cacheBuster}` : '');
  const r = await publicJson(q);
  assert.equal(r.status, 200, `GET ${q}: ${r.text}`);
  return { total: r.body.total, ids: r.body.items.map((i) => i.id), titles: r.body.items.map((i) => i.title) };
}
const coursePage = async (id) => (await publicJson(`/api/v1/courses/${id}`));
const coursePageHtml = async (id) => {
  const res = await fetch(`${baseUrl}/kurs/${id}`);
  await res.arrayBuffer();
  return res.status;
};

// Found: the one course with the word, it is ours, and (when `title` is given)
// shown with that title. Absent: nothing at all (the word is unique, so anything
// found would be a leak or a wrong match).
const isFound = (s, id, title) => s.total === 1 && s.ids.length === 1 && s.ids[0] === id &&
  (title === undefined || s.titles[0] === title);
const isAbsent = (s) => s.total === 0 && s.ids.length === 0;

// Watches a change reach the public side. `checks` maps a name to an async
// () => boolean (true: the answer shows the change); names starting "same URL"
// are repeated URLs the micro-cache may answer. All are asked in turn, one request
// at a time, from just after the write was answered (`answered`, performance.now())
// until each has held and every one has been asked after its bound. Then:
//   - a check started at least one interval after the answer shows the change
//     (two for a repeated URL): the read model refreshes in the first request
//     that finds the interval over (app/catalogue/catalogue_service.cpp), and a
//     micro-cache entry lives one interval from the request that made it
//     (http/middleware/response_cache.cpp). These bounds hold whatever the
//     machine's load, for a client whose requests do not overlap;
//   - once an answer shows the change, no later one goes back.
// Prints, and returns as name → [asked, true, took], the first answer showing the
// change (ms after the write's answer), with the write's own time (`sent` → `answered`).
async function watchChange(t, what, { sent, answered }, checks) {
  const bound = (name) => (name.startsWith('same URL') ? 2 : 1) * REFRESH_MS;
  const seen = Object.fromEntries(Object.keys(checks).map((n) => [n, []]));  // [asked, ok, took]
  const done = () => Object.entries(seen).every(([name, answers]) =>
    answers.some(([, ok]) => ok) && answers.some(([at]) => at >= bound(name)));
  while (!done()) {
    assert.ok(performance.now() - answered < 30000, `${what}: ${JSON.stringify(seen)}`);
    for (const [name, check] of Object.entries(checks)) {
      const at = performance.now() - answered;
      const ok = await check();
      seen[name].push([Math.round(at), ok, Math.round(performance.now() - answered - at)]);
    }
    await new Promise((r) => setTimeout(r, POLL_MS));  // poll step, bounded by the deadline
  }
  const first = {};
  for (const [name, answers] of Object.entries(seen)) {
    const trace = `[asked ms, shows it, took ms]: ${JSON.stringify(answers)}`;
    const i = answers.findIndex(([, ok]) => ok);
    first[name] = answers[i];
    const back = answers.slice(i).find(([, ok]) => !ok);
    assert.equal(back, undefined, `${what}: ${name} went back to the old state; ${trace}`);
    const late = answers.find(([at, ok]) => at >= bound(name) && !ok);
    assert.equal(late, undefined,
      `${what}: ${name} asked ${late?.[0]} ms after the write, still without it (bound ${bound(name)} ms); ${trace}`);
  }
  t.diagnostic(`${what} (interval ${REFRESH_MS} ms; the write took ${Math.round(answered - sent)} ms); ` +
    `the first answer showing it, asked/answered so many ms after the write's answer: ` +
    Object.entries(first).map(([k, [at, , took]]) => `${k} ${at}/${at + took}`).join(', '));
  return first;
}

// A staff write timed: { result, sent, answered } (performance.now()).
async function timed(write) {
  const sent = performance.now();
  const result = await write();
  return { result, sent, answered: performance.now() };
}

// ---------------------------------------------------------------- setup

before(async () => {
  runDemo({ bin: BIN, database: dbPath, timeoutMs: 120000 });
  const orgs = organisations();
  hf = orgs.find((o) => o.kind === 'health_trust' && o.name === HF_NAME);
  assert.ok(hf, `the demo has ${HF_NAME}`);
  const below = orgs.filter((o) => o.parent === `${hf.id} ${hf.name}`);
  centre = below.find((o) => o.kind === 'learning_centre');
  department = below.find((o) => o.kind === 'department');
  assert.ok(centre && department, `${HF_NAME} has a learning centre and a department: ${JSON.stringify(below)}`);
  addAdvisor(kari);
  addAdvisor(ola);

  sink = await startSmtpSink();
  server = await startKursbase({
    bin: BIN, database: dbPath,
    env: mailingServerEnv(sink, { KURSBASE_CATALOGUE_REFRESH_MS: String(REFRESH_MS) }),
  });
  baseUrl = server.baseUrl;
  kari.cookie = await signIn(kari.username);
  ola.cookie = await signIn(ola.username);
});

after(async () => {
  if (server) await server.stop();
  if (sink) await sink.close();
  rmSync(workDir, { recursive: true, force: true });
});

// ---------------------------------------------------------------- tests

test('a draft is never public; published it is found, renamed and archived the search follows', async (t) => {
  const oldWord = uniqueWord('Kvikksølvskolen');
  const newWord = uniqueWord('Blåbærkurset');
  const canaryWord = uniqueWord('Kanarifuglkurset');
  for (const w of [oldWord, newWord, canaryWord]) assert.ok(isAbsent(await search(w, { fresh: true })), w);

  const draft = await create(kari, `${oldWord} for voksne`, centre.id);
  const draftSaved = performance.now();
  assert.equal(draft.owner_name, centre.name);
  const read = await staff(ola, 'GET', `/api/v1/staff/courses/${draft.id}`);
  assert.equal(read.status, 200, 'another advisor of the HF reads the draft');
  assert.deepEqual(read.body, draft);

  // The draft stays unseen while the read model moves past it: a course made and
  // published after the draft (the canary) shows that a snapshot newer than the
  // draft serves the search, and the watch goes on past two intervals (so every
  // micro-cache entry has turned over too). Every answer on the way is checked.
  const canary = await move(kari, await create(kari, `${canaryWord} for voksne`, department.id), 'published');
  let rounds = 0;
  let canarySeen = false;
  while (!canarySeen || performance.now() - draftSaved <= 2 * REFRESH_MS + 2 * POLL_MS) {
    for (const fresh of [true, false]) {
      const s = await search(oldWord, { fresh });
      assert.ok(isAbsent(s), `a draft's title is not searchable (round ${rounds}): ${JSON.stringify(s)}`);
    }
    const page = await coursePage(draft.id);
    assert.equal(page.status, 404, `a draft has no public course page: ${page.text}`);
    assert.equal(await coursePageHtml(draft.id), 404, 'nor a public HTML page');
    canarySeen ||= isFound(await search(canaryWord, { fresh: true }), canary.id);
    rounds += 1;
    assert.ok(performance.now() - draftSaved < 30000, 'the canary reaches search (30 s)');
    await new Promise((r) => setTimeout(r, POLL_MS));  // poll step
  }
  t.diagnostic(`draft unseen through ${rounds} rounds over ${Math.round(performance.now() - draftSaved)} ms`);

  // Published: found within one interval (two for the same URL).
  const title = `${oldWord} for voksne`;
  const publish = await timed(() => move(kari, draft, 'published'));
  const published = publish.result;
  await watchChange(t, 'publish → public', publish, {
    'search past the cache': async () => isFound(await search(oldWord, { fresh: true }), draft.id, title),
    'same URL search': async () => isFound(await search(oldWord, { fresh: false }), draft.id, title),
    'course page': async () => (await coursePage(draft.id)).body?.title === title,
    'HTML page': async () => (await coursePageHtml(draft.id)) === 200,
  });

  // Renamed while published: the new word finds it with the new title, the old
  // one no longer. Until the read model is refreshed the search may already match
  // the new word (full text is matched in the database as it is now) but show the
  // course as the snapshot has it, under its old title (CatalogueService::search
  // takes the text matches from the store, the listing from the snapshot); such
  // answers are counted and printed, not failed.
  const renamedTitle = `${newWord} for voksne`;
  const rename = await timed(() => staff(ola, 'PUT', `/api/v1/staff/courses/${draft.id}`,
    { ...editable(published), title: renamedTitle }));
  const saved = rename.result;
  assert.equal(saved.status, 200, saved.text);
  assert.equal(saved.body.version, published.version + 1);
  assert.equal(saved.body.status, 'published', 'a save keeps the status');
  assert.equal(saved.body.title, renamedTitle);
  assert.deepEqual(saved.body.history[0].changed, ['title']);
  let oldTitleUnderNewWord = 0;
  await watchChange(t, 'rename → public', rename, {
    'search of the new word past the cache': async () => {
      const s = await search(newWord, { fresh: true });
      if (isFound(s, draft.id, title)) oldTitleUnderNewWord += 1;
      return isFound(s, draft.id, renamedTitle);
    },
    'search of the old word past the cache': async () => isAbsent(await search(oldWord, { fresh: true })),
    'same URL search of the new word': async () => isFound(await search(newWord, { fresh: false }), draft.id, renamedTitle),
    'same URL search of the old word': async () => isAbsent(await search(oldWord, { fresh: false })),
    'course page': async () => (await coursePage(draft.id)).body?.title === renamedTitle,
  });
  t.diagnostic(`answers to the new word that showed the old title: ${oldTitleUnderNewWord}`);

  // Archived: gone from the search and from its pages.
  const archive = await timed(() => move(kari, saved.body, 'archived'));
  const archived = archive.result;
  await watchChange(t, 'archive → gone', archive, {
    'search past the cache': async () => isAbsent(await search(newWord, { fresh: true })),
    'same URL search': async () => isAbsent(await search(newWord, { fresh: false })),
    'course page': async () => (await coursePage(draft.id)).status === 404,
    'HTML page': async () => (await coursePageHtml(draft.id)) === 404,
  });
  assert.ok(isAbsent(await search(oldWord, { fresh: true })), 'nor under its first title');

  // The staff still see it, with every step on record, newest first.
  const after = await staff(kari, 'GET', `/api/v1/staff/courses/${draft.id}`);
  assert.equal(after.status, 200);
  assert.equal(after.body.status, 'archived');
  assert.equal(after.body.version, archived.version);
  assert.deepEqual(after.body.history.map((h) => [h.version, h.account_name]),
    [[4, kari.name], [3, ola.name], [2, kari.name], [1, kari.name]]);
  assert.ok(after.body.history[2].changed.includes('status'), JSON.stringify(after.body.history));
});

test('two advisors saving the same version at once: exactly one 200 and one 409, 20 times', async (t) => {
  const word = uniqueWord('Kappløpskurset');
  const created = await create(kari, `${word} runde 0`, department.id);
  const path = `/api/v1/staff/courses/${created.id}`;
  const wins = { [kari.name]: 0, [ola.name]: 0 };
  const winners = new Map();  // version → the account whose save made it
  let lastTitle = '';

  for (let round = 1; round <= ROUNDS; round++) {
    // Both open the course at the same version.
    const [a, b] = await Promise.all([staff(kari, 'GET', path), staff(ola, 'GET', path)]);
    assert.equal(a.status, 200, a.text);
    assert.equal(b.status, 200, b.text);
    assert.equal(a.body.version, round, `round ${round}: the version after ${round - 1} saves`);
    assert.equal(b.body.version, a.body.version, `round ${round}: both read the same version`);

    const titles = { [kari.name]: `${word} runde ${round} av Kari`, [ola.name]: `${word} runde ${round} av Ola` };
    const [ra, rb] = await Promise.all([
      staff(kari, 'PUT', path, { ...editable(a.body), title: titles[kari.name] }),
      staff(ola, 'PUT', path, { ...editable(b.body), title: titles[ola.name] }),
    ]);
    const statuses = [ra.status, rb.status];
    assert.deepEqual([...statuses].sort(), [200, 409],
      `round ${round}: one save wins, one conflicts: ${ra.status} ${ra.text} | ${rb.status} ${rb.text}`);
    const [won, lost, winner] = ra.status === 200 ? [ra, rb, kari.name] : [rb, ra, ola.name];
    wins[winner] += 1;
    winners.set(round + 1, winner);
    lastTitle = titles[winner];

    assert.equal(won.body.version, round + 1, `round ${round}: the winner's save is the next version`);
    assert.equal(won.body.title, titles[winner]);
    assert.equal(won.body.history[0].account_name, winner);
    assert.equal(lost.body?.error?.code, 'conflict', `round ${round}: ${lost.text}`);
    assert.ok(lost.body.current, `round ${round}: the 409 carries the current course: ${lost.text}`);
    assert.equal(lost.body.current.title, titles[winner],
      `round ${round}: the 409's current is the winner's course: ${lost.text}`);
    assert.equal(lost.body.current.version, round + 1, `round ${round}: ${lost.text}`);
  }
  t.diagnostic(`saves won: ${JSON.stringify(wins)}`);

  // One history entry per successful save (and the creation), each by its winner.
  const final = await staff(ola, 'GET', path);
  assert.equal(final.status, 200);
  assert.equal(final.body.version, ROUNDS + 1);
  const history = final.body.history;
  assert.equal(history.length, ROUNDS + 1, `creation + ${ROUNDS} saves: ${JSON.stringify(history)}`);
  assert.deepEqual(history.map((h) => h.version), Array.from({ length: ROUNDS + 1 }, (_, i) => ROUNDS + 1 - i));
  for (const h of history) {
    if (h.version === 1) {
      assert.equal(h.account_name, kari.name, 'the creation');
      continue;
    }
    assert.equal(h.account_name, winners.get(h.version), `version ${h.version}`);
    assert.deepEqual(h.changed, ['title'], `version ${h.version}`);
  }
  assert.equal(final.body.title, lastTitle, 'the last winner\'s title, never a loser\'s');
});

// ------------------------------------------------- a run: sign-up, cancellation

// A staff form posted as `who` ({ status, location, text }). X-Requested-With is a
// header no cross-site form can send, which the CSRF check takes instead of the token.
async function staffForm(who, path, fields) {
  const res = await fetch(`${baseUrl}${path}`, {
    method: 'POST',
    redirect: 'manual',
    headers: { Cookie: who.cookie, 'Content-Type': 'application/x-www-form-urlencoded',
      'X-Requested-With': 'kursbase-test' },
    body: new URLSearchParams(fields),
  });
  return { status: res.status, location: res.headers.get('location'), text: await res.text() };
}

// YYYY-MM-DD `days` from today in Oslo (the run form's dates are Oslo's).
const osloDay = (days) => new Date(Date.now() + days * 86400000)
  .toLocaleDateString('sv-SE', { timeZone: 'Europe/Oslo' });

test('a run is planned, opened, signed up for and cancelled: the person is told with their link', async (t) => {
  const word = uniqueWord('avlysning');
  const title = `Kurs om ${word}`;
  const course = await move(kari, await create(kari, title, centre.id), 'published');

  const planned = await staffForm(kari, `/ansatt/kurs/${course.id}/gjennomforing/ny`, {
    'sessions.1.date': osloDay(30), 'sessions.1.start': '18:00', 'sessions.1.end': '20:30',
    'sessions.2.date': osloDay(37), 'sessions.2.start': '18:00', 'sessions.2.end': '20:30',
    location_name: 'Lærings- og mestringssenteret', location_address: 'Jonas Lies vei 65',
    postal_code: '5021', postal_place: 'Bergen', municipality: '4601', language: 'nb',
    capacity: '12', min_participants: '4', registration_deadline: osloDay(20), waiting_list_enabled: '1',
  });
  assert.equal(planned.status, 303, planned.text);
  const runId = Number(/\/ansatt\/gjennomforing\/(\d+)\/endre/.exec(planned.location)[1]);
  const opened = await staffForm(kari, `/ansatt/gjennomforing/${runId}/tilstand`,
    { version: '1', state: 'open' });
  assert.equal(opened.status, 303, opened.text);

  // Found by search, the run open on the course's public page.
  await waitFor(async () => isFound(await search(word, { fresh: true }), course.id),
    `the search for ${word} finds the course`, 10 * REFRESH_MS);
  const pub = await coursePage(course.id);
  assert.equal(pub.status, 200, pub.text);
  assert.deepEqual(pub.body.runs.map((r) => [r.id, r.status]), [[runId, 'open']]);

  const email = `avlyst.${word}@example.no`;
  const signUp = () => fetch(`${baseUrl}/api/v1/runs/${runId}/enrollments`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ name: 'Anne Avlyst', email, kind: 'patient', consent: true }),
  });
  const signed = await signUp();
  assert.equal(signed.status, 202, await signed.text());
  await waitFor(() => sink.mailsTo(email).length >= 1, 'the confirmation mail', 30000,
    () => sink.describe());
  const token = tokenIn(sink.mailsTo(email)[0].parsed.text);
  assert.ok(token, sink.mailsTo(email)[0].parsed.text);

  const note = 'Kurslederen er dessverre syk. Vi setter opp et nytt kurs i vår.';
  const cancelled = await staffForm(kari, `/ansatt/gjennomforing/${runId}/avlys`,
    { version: '2', note });
  assert.equal(cancelled.status, 303, cancelled.text);
  assert.match(cancelled.location, /lagret=avlyst&varslet=1$/);
  await waitFor(() => sink.mailsTo(email).length >= 2, 'the cancellation mail', 30000,
    () => sink.describe());
  const mail = sink.mailsTo(email)[1].parsed;
  t.diagnostic(`cancellation mail: ${mail.subject}`);
  assert.equal(mail.subject, `Avlyst: ${title}`);
  assert.match(mail.text, /er dessverre avlyst/);
  assert.ok(mail.text.includes(note), mail.text);
  assert.equal(tokenIn(mail.text), token, 'the same private link as in the first mail');
  const ics = mail.attachments.find((a) => /\.ics$/.test(a.filename));
  assert.ok(ics, 'a calendar file');
  const calendar = ics.content.toString('utf8');
  assert.equal((calendar.match(/STATUS:CANCELLED/g) || []).length, 2, calendar);
  assert.ok(!/STATUS:(CONFIRMED|TENTATIVE)/.test(calendar), calendar);

  // The run now refuses sign-ups, and its public page says why.
  const late = await signUp();
  assert.equal(late.status, 409, await late.text());
  const afterwards = await coursePage(course.id);
  assert.deepEqual(afterwards.body.runs.map((r) => [r.id, r.status]), [[runId, 'cancelled']]);
  assert.equal(sink.mailsTo(email).length, 2, 'one mail each: no promotion, no second copy');
});
