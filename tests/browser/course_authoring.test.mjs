// Course authoring of issue 14 in a real Chromium (Debian) driven by
// playwright-core against the real `kursbase serve` on demo data, axe-core
// checking WCAG 2.1 A/AA on every state at the default width and at 375 px
// (where the page must not scroll sideways either). Staff accounts are made
// with the real `kursbase user add`. The pages work without JavaScript, and
// the test uses them so: it only types, ticks and presses buttons.
//
// One test whose steps depend on each other:
//   1. an LMS advisor of an HF signs in, follows the staff bar's "Kurs" to the
//      list of the HF's courses, opens "Nytt kurs", fills in the form, asks for
//      more programme rows (three more, nothing typed lost, nothing saved) and
//      saves a draft: the course's staff page says saved, "Utkast", shows the
//      programme and the history row "Opprettet"; the public has no page yet;
//   2. an edit with an empty title, HTML in the summary and 0 hours comes back
//      422 as typed, each error linked to its field and marked aria-invalid;
//      corrected, it is saved as version 2;
//   3. "Publiser": the status is "Publisert", /kurs/{id} answers the public,
//      and the list's "Publisert" filter counts and shows it;
//   4. two advisors of the HF open the edit form at the same version; the
//      first saves, the second gets 409 with their own title kept and the
//      first one's change shown beside it (#conflict), and saving again lands.
//   5. from the course's "Gjennomføringer" the advisor plans a run ("Ny
//      gjennomføring"): two Tuesday evenings either side of the start of summer
//      time next year, more session rows (nothing lost, nothing saved), then an
//      end before the start, 0 seats and a deadline after the first evening
//      come back 422 as typed, each error linked to its field and marked
//      aria-invalid; corrected, it is saved as a draft, both evenings at 18:00
//      Oslo time (17:00 and 16:00 UTC);
//   6. the run's page shows "Under planlegging", no one signed up, version 1,
//      the participants' link and the history; the public gets 404; the course
//      page lists it and its first day leads back; "Åpne for påmelding" makes it
//      "Åpen for påmelding" with a link to /gjennomforing/{id}, which the public
//      now gets, both evenings at 18.00;
//   7. "Kopier til nye datoer" to a Tuesday before the end of summer time makes
//      a draft copy with the same clock times a week apart (16:00 and 17:00
//      UTC) and the deadline as many days before; the run copied is unchanged.
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN, KURSBASE_STATIC_DIR, KURSBASE_ARTIFACTS_DIR (optional),
//   CHROMIUM_PATH (optional), KURSBASE_TEST_DATABASE_URL (the postgres.* variant)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/course_authoring.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { localToday as today, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible as assertAxe, launchChromium, newPage as newBrowserPage,
  browserSuiteEnv, suiteDirs, submitAndWait, tearDown, horizontalOverflow } from '../support/browser.mjs';
import { sqlRows, sqlValue } from '../support/sql.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();
const { workDir, artifactsDir } = suiteDirs('kursbase-course-authoring-');
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let server = null;
let baseUrl = '';
let browser = null;
let hf = null;   // { id, name }: the advisors' HF
let lms = null;  // { id, name }: its learning and coping centre, the new course's owner

const first = { username: 'radgiver.en', name: 'Rita Rådgiver', password: 'et langt passord for den første' };
const second = { username: 'radgiver.to', name: 'Ola Rådgiver', password: 'et langt passord for den andre' };

// What the advisor types into the new course's form.
const draft = {
  title: 'Mestring av uro i hverdagen',
  summary: 'For deg som kjenner på uro og vil lære å leve godt med den.',
  field: 'Psykisk helse',
  target: 'Pårørende',
  language: 'Norsk bokmål',
  format: 'Digitalt',
  programme: [
    { topic: 'Hva er uro?', hours: '1,5', teacher: 'Fagperson' },
    { topic: 'Å leve med uro', hours: '2', teacher: 'Brukerrepresentant' },
  ],
  plan: {
    targetGroup: 'Voksne som kjenner på uro i hverdagen, og deres pårørende.',
    goals: 'Kjenne igjen uroen tidlig og ha tre ting å gjøre da.',
  },
};

function addStaffAccount({ username, name, password }, role) {
  const out = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', username,
    '--name', name, '--role', role], { input: password, encoding: 'utf8', timeout: 30000 });
  assert.equal(out.status, 0, `kursbase user add ${username}:\n${out.stdout}\n${out.stderr}`);
}

const newPage = (options = {}) =>
  newBrowserPage(browser, { viewport: { width: 1280, height: 900 }, ...options }, { documentsMayFail: true });

// axe at the default width and at 375 px (no horizontal scrolling there
// either), with a screenshot of each.
async function assertAccessible(page, what, shot) {
  await assertAxe(page, what);
  await page.screenshot({ path: join(artifactsDir, `course-authoring-${shot}.png`), fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    const overflow = await horizontalOverflow(page);
    assert.ok(overflow <= 0, `no horizontal scrolling at 375 px on ${what} (overflow ${overflow} px)`);
    await assertAxe(page, `${what} at 375 px`);
    await page.screenshot({ path: join(artifactsDir, `course-authoring-${shot}-375.png`), fullPage: true });
  } finally {
    await page.setViewportSize(size);
  }
}

// Presses a button that posts a form and waits for the page that answers:
// the POST's own response (a 303 before the page it leads to, or the 4xx page
// itself) and the load of the new document. Returns that response.
async function postAndWait(page, button, pathname) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().method() === 'POST' && new URL(r.url()).pathname === pathname),
    page.waitForEvent('load'),
    button.click(),
  ]);
  return response;
}

async function signIn(page, who) {
  assert.equal((await page.goto(`${baseUrl}/ansatt`)).status(), 200);
  await page.getByLabel('Brukernavn').fill(who.username);
  await page.getByLabel('Passord').fill(who.password);
  await submitAndWait(page, page.getByRole('button', { name: 'Logg inn' }), (u) => u.pathname === '/ansatt');
  await page.getByRole('heading', { level: 1, name: 'Ansattside' }).waitFor();
}

// The form's parts, by what a screen reader announces.
const form = (page) => ({
  title: page.getByRole('textbox', { name: 'Tittel (må fylles ut)', exact: true }),
  summary: page.getByRole('textbox', { name: 'Kort beskrivelse (må fylles ut)', exact: true }),
  owner: page.getByRole('combobox', { name: 'Eier (må fylles ut)', exact: true }),
  field: page.getByRole('combobox', { name: 'Fagområde (må fylles ut)', exact: true }),
  target: (name) => page.getByRole('group', { name: 'Målgrupper (må fylles ut)', exact: true })
    .getByRole('checkbox', { name, exact: true }),
  language: (name) => page.getByRole('group', { name: 'Undervisningsspråk (må fylles ut)', exact: true })
    .getByRole('checkbox', { name, exact: true }),
  format: (name) => page.getByRole('group', { name: 'Form (må fylles ut)', exact: true })
    .getByRole('radio', { name, exact: true }),
  rows: page.getByRole('group', { name: 'Program (må fylles ut)', exact: true }).locator('fieldset.kb-programme-row'),
  row: (n) => {
    const g = page.getByRole('group', { name: `Samling ${n}`, exact: true });
    return {
      group: g,
      topic: g.getByRole('textbox', { name: 'Tema', exact: true }),
      hours: g.getByRole('textbox', { name: 'Timer', exact: true }),
      teacher: g.getByRole('combobox', { name: 'Undervises av', exact: true }),
    };
  },
  version: page.locator('form.kb-course-form input[name="version"]'),
});

// The selected option's text of a select.
const selectedText = (select) => select.evaluate((s) => s.options[s.selectedIndex]?.text ?? '');

// A table's body rows as arrays of cell texts.
const tableRows = (region) => region.getByRole('table').locator('tbody tr').evaluateAll((rows) =>
  rows.map((r) => [...r.cells].map((c) => c.innerText.trim())));

const staffBar = (page) => page.getByRole('navigation', { name: 'Ansatt', exact: true });

// The course as the JSON API gives it to the signed-in advisor of `page`
// (the context's cookies): what was saved, whatever the page shows.
async function savedCourse(page, id) {
  const res = await page.context().request.get(`${baseUrl}/api/v1/staff/courses/${id}`);
  assert.equal(res.status(), 200, `GET /api/v1/staff/courses/${id}: ${await res.text()}`);
  return res.json();
}

// The public's view of /kurs/{id}: a fresh context, no staff cookie.
async function publicCoursePage(id) {
  const { context, page } = await newPage();
  try {
    const res = await page.goto(`${baseUrl}/kurs/${id}`);
    const h1 = await page.getByRole('heading', { level: 1 }).allInnerTexts();
    return { status: res.status(), h1 };
  } finally {
    await context.close();
  }
}

// The run planned in steps 5–7: two Tuesday evenings around the start of
// summer time next year (the last Sunday of March), so the second is at the
// same clock time one hour nearer UTC, and a copy to two Tuesdays around its
// end (the last Sunday of October), the other way round.
const isoDay = (d) => d.toISOString().slice(0, 10);
const addDays = (day, n) => isoDay(new Date(Date.parse(`${day}T00:00:00Z`) + n * 86400000));
function lastSunday(year, month) {  // month 1–12
  const d = new Date(Date.UTC(year, month, 0));
  d.setUTCDate(d.getUTCDate() - d.getUTCDay());
  return isoDay(d);
}
const WEEKDAYS = ['søndag', 'mandag', 'tirsdag', 'onsdag', 'torsdag', 'fredag', 'lørdag'];
const MONTHS = ['januar', 'februar', 'mars', 'april', 'mai', 'juni', 'juli', 'august', 'september',
  'oktober', 'november', 'desember'];
// A day as the pages word it: "tirsdag 23. mars 2027".
function dayText(day) {
  const d = new Date(`${day}T00:00:00Z`);
  return `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()}. ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}
const nextYear = Number(today().slice(0, 4)) + 1;
const summerTimeBegins = lastSunday(nextYear, 3);
const summerTimeEnds = lastSunday(nextYear, 10);
const plan = {
  sessions: [
    { date: addDays(summerTimeBegins, -5), start: '18:00', end: '20:30' },  // UTC+1
    { date: addDays(summerTimeBegins, 2), start: '18:00', end: '20:30' },   // UTC+2
  ],
  deadline: addDays(summerTimeBegins, -12),  // a week before the first evening
  locationName: 'Læring og mestring, møterom 2',
  address: 'Kirkeveien 166',
  postalCode: '0450',
  postalPlace: 'Oslo',
  municipality: 'Oslo',
  language: 'Norsk bokmål',
  capacity: '12',
  min: '4',
};
const copyFirstDay = addDays(summerTimeEnds, -5);  // a Tuesday in summer time, the next in winter time

// The run form's parts, by what a screen reader announces. Date and time
// inputs have no ARIA role: found by their labels within their session's group.
const runForm = (page) => {
  const place = page.getByRole('group', { name: 'Sted', exact: true });
  const seats = page.getByRole('group', { name: 'Plasser og påmelding', exact: true });
  return {
    rows: page.getByRole('group', { name: 'Samlinger (må fylles ut)', exact: true }).locator('fieldset.kb-programme-row'),
    session: (n) => {
      const g = page.getByRole('group', { name: `Samling ${n}`, exact: true });
      return {
        date: g.getByLabel('Dato', { exact: true }),
        start: g.getByLabel('Starter', { exact: true }),
        end: g.getByLabel('Slutter', { exact: true }),
      };
    },
    locationName: place.getByRole('textbox', { name: 'Sted', exact: true }),
    address: place.getByRole('textbox', { name: 'Adresse', exact: true }),
    postalCode: place.getByRole('textbox', { name: 'Postnummer', exact: true }),
    postalPlace: place.getByRole('textbox', { name: 'Poststed', exact: true }),
    municipality: place.getByRole('combobox', { name: 'Kommune', exact: true }),
    video: place.getByRole('checkbox', { name: 'Samlingene går på video (helt eller i tillegg til stedet)', exact: true }),
    language: seats.getByRole('combobox', { name: 'Undervisningsspråk (må fylles ut)', exact: true }),
    capacity: seats.getByRole('textbox', { name: 'Plasser (må fylles ut)', exact: true }),
    min: seats.getByRole('textbox', { name: 'Minste antall deltakere', exact: true }),
    deadline: seats.getByLabel('Påmeldingsfrist (må fylles ut)', { exact: true }),
    waitingList: seats.getByRole('checkbox', { name: 'Venteliste når det er fullt', exact: true }),
    staffOnly: seats.getByRole('checkbox', { name: 'Bare ansatte melder på (fra henvisning)', exact: true }),
    version: page.locator('form.kb-course-form input[name="version"]'),
  };
};

// What a run form shows, to compare with what was typed or saved.
async function runFormValues(page) {
  const f = runForm(page);
  const sessions = [];
  for (let n = 1; n <= await f.rows.count(); ++n) {
    const s = f.session(n);
    sessions.push([await s.date.inputValue(), await s.start.inputValue(), await s.end.inputValue()]);
  }
  return {
    sessions,
    place: [await f.locationName.inputValue(), await f.address.inputValue(), await f.postalCode.inputValue(),
      await f.postalPlace.inputValue(), await selectedText(f.municipality), await f.video.isChecked()],
    seats: [await selectedText(f.language), await f.capacity.inputValue(), await f.min.inputValue(),
      await f.deadline.inputValue(), await f.waitingList.isChecked(), await f.staffOnly.isChecked()],
  };
}
const typedPlace = [plan.locationName, plan.address, plan.postalCode, plan.postalPlace, plan.municipality, false];
const typedSeats = [plan.language, plan.capacity, plan.min, plan.deadline, true, false];
const sessionRows = (sessions, blanks) =>
  [...sessions.map((s) => [s.date, s.start, s.end]), ...Array.from({ length: blanks }, () => ['', '', ''])];

// The run's sessions as stored, in UTC.
const storedSessions = (runId) => sqlRows(dbPath, `SELECT starts_at, ends_at FROM run_session
  WHERE run_id = ${runId} ORDER BY starts_at`).map((s) => [s.starts_at, s.ends_at]);

// The run editing page's facts: state, signed up, version.
const runFacts = async (page) => ({
  state: (await page.locator('.kb-facts .ds-tag').innerText()).trim(),
  text: (await page.locator('.kb-facts').innerText()).replace(/\s+/g, ' ').trim(),
});
const stateButtons = (page) => page.locator('.kb-status-moves').getByRole('button').allInnerTexts();

// The public's view of a page: a fresh context, no staff cookie.
async function visit(path, fn = async () => null) {
  const { context, page } = await newPage();
  try {
    const res = await page.goto(`${baseUrl}${path}`);
    return { status: res.status(), seen: await fn(page) };
  } finally {
    await context.close();
  }
}

before(async () => {
  runDemo({ bin: BIN, database: dbPath, today: today(), timeoutMs: 60000 });
  // The first HF with a learning and coping centre, and that centre.
  [hf] = sqlRows(dbPath, `SELECT hf.id AS id, hf.name AS name, lms.id AS lms_id, lms.name AS lms_name
    FROM organisation hf JOIN organisation lms ON lms.parent_id = hf.id AND lms.kind = 'learning_centre'
    WHERE hf.kind = 'health_trust' ORDER BY hf.id, lms.id LIMIT 1`);
  assert.ok(hf, 'the demo has an HF with a learning and coping centre');
  lms = { id: hf.lms_id, name: hf.lms_name };
  for (const who of [first, second]) addStaffAccount(who, `lms_advisor:health_trust:${hf.id}`);
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    args: ['--static-dir', STATIC_DIR],
    env: (url) => ({ KURSBASE_PUBLIC_URL: url }),
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

after(() => tearDown({ browser, stops: [() => server?.kill()], workDir, artifactsDir }));

test('an LMS advisor creates, corrects and publishes a course, two advisors meet in a conflict, and a run is planned, opened, copied and cancelled, all accessible', async (t) => {
  const { context, page, problems } = await newPage();
  let courseId = 0;
  let publishedBefore = 0;  // the HF's published courses before this test's
  let coursePath = '';
  // Each step builds on the one before: after a failure the rest are skipped.
  let failedStep = null;
  const step = (name, fn) => t.test(name, { skip: failedStep ? `after "${failedStep}" failed` : false }, async () => {
    try {
      await fn();
    } catch (e) {
      failedStep = name;
      throw e;
    }
  });

  try {
    await step('1. the list, a new course with more programme rows, saved as a draft', async () => {
      await signIn(page, first);
      await submitAndWait(page, staffBar(page).getByRole('link', { name: 'Kurs', exact: true }),
        (u) => u.pathname === '/ansatt/kurs');
      await page.getByRole('heading', { level: 1, name: 'Kurs', exact: true }).waitFor();
      assert.match(await page.title(), /Kurs du kan redigere/);
      // Exactly the HF's courses, the HF's own and those of the units under it.
      const expected = sqlRows(dbPath, `SELECT c.id AS id, c.status AS status FROM course c
        JOIN organisation o ON o.id = c.owner_id
        WHERE o.id = ${hf.id} OR o.parent_id = ${hf.id}`);
      assert.ok(expected.length > 0, 'the demo gives the HF courses');
      const listed = await page.locator('tbody tr[data-course]').evaluateAll((rows) => rows.map((r) => Number(r.dataset.course)));
      assert.deepEqual([...listed].sort((a, b) => a - b), expected.map((c) => c.id).sort((a, b) => a - b),
        'the list holds the courses of the HF, no more, no less');
      const filters = page.getByRole('navigation', { name: 'Kurs etter status' });
      assert.equal(await filters.getByRole('link', { name: `Alle (${expected.length})` }).getAttribute('aria-current'), 'page');
      const drafts = expected.filter((c) => c.status === 'draft').length;
      publishedBefore = expected.filter((c) => c.status === 'published').length;
      assert.equal(await filters.getByRole('link', { name: `Utkast (${drafts})` }).count(), 1);
      await assertAccessible(page, 'the course list', '01-list');

      await submitAndWait(page, page.getByRole('link', { name: 'Nytt kurs', exact: true }),
        (u) => u.pathname === '/ansatt/kurs/nytt');
      await page.getByRole('heading', { level: 1, name: 'Nytt kurs' }).waitFor();
      const f = form(page);
      assert.equal(await f.rows.count(), 4, 'a new form has four programme rows');
      assert.equal(await f.version.count(), 0, 'a new course has no version yet');
      const owners = await f.owner.locator('option').allInnerTexts();
      assert.ok(owners.includes(lms.name) && owners.includes(hf.name), `the HF and its LMS may own: ${owners}`);
      await assertAccessible(page, 'the new course form', '02-new');

      await f.title.fill(draft.title);
      await f.summary.fill(draft.summary);
      await f.owner.selectOption({ label: lms.name });
      await f.field.selectOption({ label: draft.field });
      await f.target(draft.target).check();
      await f.language(draft.language).check();
      await f.format(draft.format).check();
      for (const [i, p] of draft.programme.entries()) {
        const r = f.row(i + 1);
        await r.topic.fill(p.topic);
        await r.hours.fill(p.hours);
        await r.teacher.selectOption({ label: p.teacher });
      }
      // The completion scheme (ISF unless chosen) and two parts of the didactic plan.
      const scheme = page.getByLabel('Krav for fullført kurs');
      assert.equal(await selectedText(scheme), 'ISF (pasient- og pårørendeopplæring): minst 80\u00a0% av undervisningstimene');
      await scheme.selectOption('study_association');
      const planPart = (name) => page.getByRole('group', { name: 'Didaktisk plan' }).getByLabel(name, { exact: true });
      await planPart('Målgruppe').fill(draft.plan.targetGroup);
      await planPart('Mål').fill(draft.plan.goals);

      // Three more rows, without JavaScript: a round trip that keeps what was typed.
      const more = await postAndWait(page, page.getByRole('button', { name: 'Flere samlinger' }), '/ansatt/kurs/nytt');
      assert.equal(more.status(), 200);
      assert.equal(new URL(page.url()).pathname, '/ansatt/kurs/nytt');
      assert.equal(await f.rows.count(), 7, 'three more rows than the four');
      for (const n of [5, 6, 7]) {
        const r = f.row(n);
        assert.equal(await r.topic.inputValue(), '', `row ${n} is empty`);
        assert.equal(await r.hours.inputValue(), '', `row ${n} is empty`);
      }
      assert.equal(await f.title.inputValue(), draft.title);
      assert.equal(await f.summary.inputValue(), draft.summary);
      assert.equal(await selectedText(f.owner), lms.name);
      assert.equal(await selectedText(f.field), draft.field);
      assert.ok(await f.target(draft.target).isChecked(), 'the target group is kept');
      assert.ok(await f.language(draft.language).isChecked(), 'the language is kept');
      assert.ok(await f.format(draft.format).isChecked(), 'the format is kept');
      assert.equal(await scheme.inputValue(), 'study_association', 'the scheme is kept');
      assert.equal(await planPart('Målgruppe').inputValue(), draft.plan.targetGroup, 'the plan is kept');
      for (const [i, p] of draft.programme.entries()) {
        const r = f.row(i + 1);
        assert.equal(await r.topic.inputValue(), p.topic);
        assert.equal(await r.hours.inputValue(), p.hours);
        assert.equal(await selectedText(r.teacher), p.teacher);
      }
      assert.equal(await page.getByRole('alert').count(), 0, 'more rows is no error');
      assert.deepEqual(sqlRows(dbPath, `SELECT id FROM course WHERE title = '${draft.title}'`), [],
        'more rows saves nothing');
      await assertAccessible(page, 'the new course form with more rows', '03-more-rows');

      await submitAndWait(page, page.getByRole('button', { name: 'Lagre som utkast' }),
        (u) => /^\/ansatt\/kurs\/\d+$/.test(u.pathname));
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('lagret'), '1');
      courseId = Number(url.pathname.split('/').pop());
      coursePath = `/ansatt/kurs/${courseId}`;
      await page.getByRole('heading', { level: 1, name: draft.title }).waitFor();
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Kurset er lagret.');
      assert.equal((await page.locator('.kb-facts .ds-tag').innerText()).trim(), 'Utkast');
      assert.match(await page.locator('.kb-facts').innerText(), new RegExp(`Eier\\s+${lms.name}\\s+Versjon\\s+1`));
      assert.match(await page.locator('.kb-facts').innerText(), /Krav for fullført kurs\s+Studieforbund \(voksenopplæringsloven\): minst 75\s%/);
      assert.equal((await page.locator('.kb-didactic-plan dt:text-is("Mål") + dd').innerText()).trim(), draft.plan.goals);
      assert.equal((await page.locator('.kb-didactic-plan dt:text-is("Metoder") + dd').innerText()).trim(), 'Ikke skrevet ennå');
      assert.deepEqual(await tableRows(page.getByRole('region', { name: 'Program' })), [
        ['1', draft.programme[0].topic, '1,5', draft.programme[0].teacher],
        ['2', draft.programme[1].topic, '2', draft.programme[1].teacher],
      ], 'the two rows typed, the blank ones left out');
      const history = await tableRows(page.getByRole('region', { name: 'Endringer' }));
      assert.equal(history.length, 1, `one history row: ${JSON.stringify(history)}`);
      assert.deepEqual([history[0][0], history[0][2], history[0][3]], ['1', first.name, 'Opprettet']);
      assert.equal(await page.getByRole('link', { name: 'Se kurset slik publikum ser det' }).count(), 0,
        'a draft has no public page to link to');
      assert.deepEqual((await page.getByRole('button').allInnerTexts()).filter((b) => b !== 'Logg ut'), ['Publiser']);
      const saved = await savedCourse(page, courseId);
      assert.equal(saved.status, 'draft');
      assert.equal(saved.owner_id, lms.id);
      assert.deepEqual([saved.target_groups, saved.languages, saved.format, saved.field],
        [['relatives'], ['nb'], 'digital', 'mental_health']);
      await assertAccessible(page, 'the course page of a new draft', '04-draft');

      const unpublished = await publicCoursePage(courseId);
      assert.equal(unpublished.status, 404, 'a draft is not shown to the public');
      assert.ok(!unpublished.h1.some((h) => h.includes(draft.title)), 'nor its title');
    });

    await step('2. bad input comes back as typed with each error at its field, then is corrected', async () => {
      await submitAndWait(page, page.getByRole('link', { name: 'Endre kurset' }),
        (u) => u.pathname === `${coursePath}/endre`);
      await page.getByRole('heading', { level: 1, name: `Endre: ${draft.title}` }).waitFor();
      const f = form(page);
      assert.equal(await f.title.inputValue(), draft.title, 'the form opens with what is saved');
      assert.equal(await f.version.inputValue(), '1');
      assert.equal(await f.rows.count(), 4, 'the two saved rows and two blank ones');
      assert.equal(await f.row(1).hours.inputValue(), '1,5');
      await assertAccessible(page, 'the edit form', '05-edit');

      await f.title.fill('');
      await f.summary.fill('<b>x</b>');
      await f.row(1).hours.fill('0');
      const refused = await postAndWait(page, page.getByRole('button', { name: 'Lagre', exact: true }), `${coursePath}/endre`);
      assert.equal(refused.status(), 422);
      assert.equal(new URL(page.url()).pathname, `${coursePath}/endre`);
      const summary = page.getByRole('alert');
      assert.match(await summary.getByRole('heading').innerText(), /Kurset ble ikke lagret\. Rett feltene som er merket\./);
      const links = await summary.getByRole('link').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.innerText.trim()]));
      assert.deepEqual(links, [
        ['#field-title', 'Fyll ut feltet.'],
        ['#field-summary', 'Skriv vanlig tekst uten HTML-koder.'],
        ['#field-programme.1.hours', 'Skriv undervisningstiden i hele kvarter, fra 0,25 til 8 timer.'],
      ], 'one link per wrong field, pointing at it');
      for (const [href, message] of links) {
        const target = page.locator(`[id="${href.slice(1)}"]`);
        assert.equal(await target.count(), 1, `${href} names one element`);
        assert.equal(await target.getAttribute('aria-invalid'), 'true', `${href} is marked invalid`);
        const describedBy = (await target.getAttribute('aria-describedby')).split(' ');
        const said = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
        assert.ok(said.includes(message), `${href} is described by its message: ${said}`);
      }
      assert.equal(await f.title.inputValue(), '', 'the emptied title stays empty');
      assert.equal(await f.summary.inputValue(), '<b>x</b>', 'the summary as typed');
      assert.equal(await f.row(1).hours.inputValue(), '0', 'the hours as typed');
      assert.equal(await f.row(1).topic.inputValue(), draft.programme[0].topic);
      assert.equal(await f.row(2).topic.inputValue(), draft.programme[1].topic, 'the other rows kept');
      assert.equal(await f.row(2).hours.getAttribute('aria-invalid'), null, 'a right field is not marked');
      assert.ok(await f.format(draft.format).isChecked(), 'the format kept');
      assert.equal(await f.version.inputValue(), '1', 'still the version the form was opened at');
      // The summary's link leads to the field.
      await summary.getByRole('link', { name: /undervisningstiden/ }).click();
      await page.waitForURL((u) => u.hash === '#field-programme.1.hours');
      // (Scrolled to the window's top edge, give or take a sub-pixel.)
      const seen = await f.row(1).hours.evaluate((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: window.innerHeight, scrollY: window.scrollY };
      });
      assert.ok(seen.scrollY > 0 && seen.top > -1 && seen.bottom <= seen.height,
        `the hours field is scrolled into view: ${JSON.stringify(seen)}`);
      assert.equal((await savedCourse(page, courseId)).version, 1, 'nothing was saved');
      await assertAccessible(page, 'the edit form with errors', '06-edit-errors');

      await f.title.fill(`${draft.title} – kveldskurs`);
      await f.summary.fill('For deg som kjenner på uro, om kvelden.');
      await f.row(1).hours.fill('2,25');
      await submitAndWait(page, page.getByRole('button', { name: 'Lagre', exact: true }),
        (u) => u.pathname === coursePath && u.searchParams.get('lagret') === '1');
      draft.title = `${draft.title} – kveldskurs`;
      await page.getByRole('heading', { level: 1, name: draft.title }).waitFor();
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Kurset er lagret.');
      assert.equal((await page.locator('.kb-facts .ds-tag').innerText()).trim(), 'Utkast');
      assert.equal((await tableRows(page.getByRole('region', { name: 'Program' })))[0][2], '2,25');
      const history = await tableRows(page.getByRole('region', { name: 'Endringer' }));
      assert.deepEqual(history.map((r) => [r[0], r[2], r[3]]), [
        ['2', first.name, 'Tittel, Kort beskrivelse, Program'],
        ['1', first.name, 'Opprettet'],
      ]);
      await assertAccessible(page, 'the course page after a correction', '07-corrected');
    });

    await step('3. publishing opens the public course page', async () => {
      await submitAndWait(page, page.getByRole('button', { name: 'Publiser' }),
        (u) => u.pathname === coursePath && u.searchParams.get('lagret') === 'status');
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Statusen er endret.');
      assert.equal((await page.locator('.kb-facts .ds-tag').innerText()).trim(), 'Publisert');
      assert.deepEqual((await page.getByRole('button').allInnerTexts()).filter((b) => b !== 'Logg ut'),
        ['Gjør om til utkast', 'Arkiver']);
      assert.equal(await page.getByRole('link', { name: 'Se kurset slik publikum ser det' }).getAttribute('href'),
        `/kurs/${courseId}`);
      const history = await tableRows(page.getByRole('region', { name: 'Endringer' }));
      assert.deepEqual([history[0][0], history[0][2], history[0][3]], ['3', first.name, 'Status']);
      await assertAccessible(page, 'the course page of a published course', '08-published');

      const published = await publicCoursePage(courseId);
      assert.equal(published.status, 200, 'a published course has a public page');
      assert.ok(published.h1.some((h) => h.includes(draft.title)), `its title is the heading: ${published.h1}`);

      // The list, by the breadcrumb and the status filter: one more published course, this one.
      await submitAndWait(page, page.getByRole('navigation', { name: 'Brødsmulesti' }).getByRole('link', { name: 'Kurs', exact: true }),
        (u) => u.pathname === '/ansatt/kurs');
      await submitAndWait(page, page.getByRole('navigation', { name: 'Kurs etter status' })
        .getByRole('link', { name: `Publisert (${publishedBefore + 1})` }), (u) => u.searchParams.get('status') === 'published');
      const row = page.locator(`tbody tr[data-course="${courseId}"]`);
      assert.deepEqual(await row.locator('th, td').allInnerTexts(), [draft.title, 'Publisert', lms.name, '0']);
      const statuses = await page.locator('tbody tr[data-course] td:nth-of-type(1)').allInnerTexts();
      assert.equal(statuses.length, publishedBefore + 1);
      assert.ok(statuses.every((st) => st === 'Publisert'), `only published courses: ${[...new Set(statuses)]}`);
    });

    await step('4. two advisors save the same version: the second sees the first one\'s change', async () => {
      const other = await newPage();
      try {
        await signIn(other.page, second);
        for (const p of [page, other.page]) {
          assert.equal((await p.goto(`${baseUrl}${coursePath}/endre`)).status(), 200);
          assert.equal(await form(p).version.inputValue(), '3', 'both open the form at version 3');
        }
        const theirs = 'Mestring av uro – dagkurs';
        const mine = 'Mestring av uro – helgekurs';
        await form(page).title.fill(theirs);
        await submitAndWait(page, page.getByRole('button', { name: 'Lagre', exact: true }),
          (u) => u.pathname === coursePath && u.searchParams.get('lagret') === '1');
        assert.equal((await savedCourse(page, courseId)).title, theirs);

        const f = form(other.page);
        await f.title.fill(mine);
        const conflict = await postAndWait(other.page, other.page.getByRole('button', { name: 'Lagre', exact: true }),
          `${coursePath}/endre`);
        assert.equal(conflict.status(), 409);
        assert.equal(await f.title.inputValue(), mine, 'the second advisor\'s title is kept in the form');
        assert.match(await other.page.getByRole('alert').innerText(), /Noen andre lagret kurset mens du redigerte\./);
        const section = other.page.locator('section#conflict');
        assert.equal(await section.count(), 1);
        assert.equal(await other.page.getByRole('region', { name: 'Dette endret den andre' }).getAttribute('id'), 'conflict',
          'the warning is a region named by its heading');
        const changes = await section.getByRole('listitem').allInnerTexts();
        assert.equal(changes.length, 1, `one change since version 3: ${changes}`);
        assert.match(changes[0], new RegExp(`${first.name} – Tittel$`), 'names the first advisor and what they changed');
        assert.deepEqual(await section.locator('dl dt, dl dd').allInnerTexts(), ['Tittel', theirs],
          'shows the first advisor\'s title');
        assert.equal(await f.version.inputValue(), '4', 'the form is now at the version it was compared with');
        assert.equal((await savedCourse(other.page, courseId)).title, theirs, 'the second save did not land');
        await assertAccessible(other.page, 'the edit form in a conflict', '09-conflict');

        await submitAndWait(other.page, other.page.getByRole('button', { name: 'Lagre', exact: true }),
          (u) => u.pathname === coursePath && u.searchParams.get('lagret') === '1');
        await other.page.getByRole('heading', { level: 1, name: mine }).waitFor();
        assert.equal((await other.page.getByRole('status').innerText()).trim(), 'Kurset er lagret.');
        assert.equal((await other.page.locator('.kb-facts .ds-tag').innerText()).trim(), 'Publisert',
          'an edit keeps the course published');
        const history = await tableRows(other.page.getByRole('region', { name: 'Endringer' }));
        assert.deepEqual(history.slice(0, 2).map((r) => [r[0], r[2], r[3]]), [
          ['5', second.name, 'Tittel'],
          ['4', first.name, 'Tittel'],
        ]);
        const saved = await savedCourse(page, courseId);
        assert.equal(saved.title, mine);
        assert.equal(saved.version, 5);
        draft.title = mine;
        assert.deepEqual(other.problems, []);
      } finally {
        await other.context.close();
      }
    });
    let runId = 0;
    let runPath = '';
    await step('5. a run planned from the course page: more rows, bad input kept with each error at its field, saved as a draft', async () => {
      assert.equal((await page.goto(`${baseUrl}${coursePath}`)).status(), 200);
      await page.getByRole('heading', { level: 2, name: 'Gjennomføringer', exact: true }).waitFor();
      assert.equal(await page.getByText('Kurset har ingen gjennomføringer ennå.', { exact: true }).count(), 1,
        'a new course has no runs yet');
      assert.equal(await page.getByRole('region', { name: 'Gjennomføringer', exact: true }).count(), 0, 'and no table of them');

      const newPath = `${coursePath}/gjennomforing/ny`;
      await submitAndWait(page, page.getByRole('link', { name: 'Ny gjennomføring', exact: true }),
        (u) => u.pathname === newPath);
      await page.getByRole('heading', { level: 1, name: `Ny gjennomføring: ${draft.title}` }).waitFor();
      const f = runForm(page);
      assert.equal(await f.rows.count(), 2, 'a new run has two session rows');
      assert.deepEqual((await runFormValues(page)).sessions, sessionRows([], 2), 'both blank');
      assert.equal(await f.session(1).date.getAttribute('type'), 'date');
      assert.equal(await f.session(1).start.getAttribute('type'), 'time');
      assert.equal(await f.session(1).end.getAttribute('type'), 'time');
      assert.equal(await f.deadline.getAttribute('type'), 'date');
      assert.equal(await f.version.count(), 0, 'a new run has no version yet');
      assert.equal(await page.getByRole('heading', { name: 'Kopier til nye datoer' }).count(), 0, 'nor anything to copy');
      assert.equal(await page.locator('.kb-status-moves').count(), 0, 'nor a state to change');
      const municipalities = await f.municipality.locator('option').allInnerTexts();
      const known = Number(sqlValue(dbPath, 'SELECT count(*) FROM municipality'));
      assert.equal(municipalities[0], 'Ingen kommune (bare video)');
      assert.equal(municipalities.length, known + 1, 'every municipality, and none');
      assert.ok(municipalities.includes(plan.municipality), `${plan.municipality} is offered`);
      await assertAccessible(page, 'the new run form', '10-run-new');

      for (const [i, s] of plan.sessions.entries()) {
        const r = f.session(i + 1);
        await r.date.fill(s.date);
        await r.start.fill(s.start);
        await r.end.fill(s.end);
      }
      await f.locationName.fill(plan.locationName);
      await f.address.fill(plan.address);
      await f.postalCode.fill(plan.postalCode);
      await f.postalPlace.fill(plan.postalPlace);
      await f.municipality.selectOption({ label: plan.municipality });
      await f.language.selectOption({ label: plan.language });
      await f.capacity.fill(plan.capacity);
      await f.min.fill(plan.min);
      await f.deadline.fill(plan.deadline);
      await f.waitingList.check();

      // Three more rows, a round trip that keeps what was typed and saves nothing.
      const more = await postAndWait(page, page.getByRole('button', { name: 'Flere samlinger' }), newPath);
      assert.equal(more.status(), 200);
      assert.equal(new URL(page.url()).pathname, newPath);
      assert.equal(await f.rows.count(), 5, 'three more rows than the two');
      assert.deepEqual(await runFormValues(page),
        { sessions: sessionRows(plan.sessions, 3), place: typedPlace, seats: typedSeats }, 'everything typed is kept');
      assert.equal(await page.getByRole('alert').count(), 0, 'more rows is no error');
      assert.deepEqual(sqlRows(dbPath, `SELECT id FROM run WHERE course_id = ${courseId}`), [], 'more rows saves nothing');

      // The second evening ends before it starts, no seats, and a deadline after the first evening.
      const lateDeadline = addDays(plan.sessions[0].date, 1);
      await f.session(2).end.fill('17:00');
      await f.capacity.fill('0');
      await f.deadline.fill(lateDeadline);
      const refused = await postAndWait(page, page.getByRole('button', { name: 'Lagre som utkast' }), newPath);
      assert.equal(refused.status(), 422);
      assert.equal(new URL(page.url()).pathname, newPath);
      assert.match(await page.title(), /^Gjennomføringen ble ikke lagret\. Rett feltene som er merket\. – Ny gjennomføring/);
      const summary = page.getByRole('alert');
      assert.equal((await summary.getByRole('heading').innerText()).trim(),
        'Gjennomføringen ble ikke lagret. Rett feltene som er merket.');
      const links = await summary.getByRole('link').evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.innerText.trim()]));
      assert.deepEqual(links, [
        ['#field-sessions.2.end', 'Slutten må komme etter starten.'],
        ['#field-capacity', 'Skriv antall plasser, fra 1 til 500.'],
        ['#field-registration_deadline', 'Påmeldingsfristen kan ikke være etter første samling.'],
      ], 'one link per wrong field, pointing at it');
      for (const [href, message] of links) {
        const target = page.locator(`[id="${href.slice(1)}"]`);
        assert.equal(await target.count(), 1, `${href} names one element`);
        assert.equal(await target.getAttribute('aria-invalid'), 'true', `${href} is marked invalid`);
        const describedBy = (await target.getAttribute('aria-describedby')).split(' ');
        const said = await Promise.all(describedBy.map((id) => page.locator(`[id="${id}"]`).innerText()));
        assert.ok(said.includes(message), `${href} is described by its message: ${said}`);
      }
      assert.equal(await page.locator('[aria-invalid="true"]').count(), 3, 'only the three wrong fields are marked');
      assert.deepEqual(await runFormValues(page), {
        sessions: [...sessionRows([plan.sessions[0]], 0), [plan.sessions[1].date, plan.sessions[1].start, '17:00'],
          ...sessionRows([], 3)],
        place: typedPlace,
        seats: [plan.language, '0', plan.min, lateDeadline, true, false],
      }, 'everything comes back as typed, the wrong values too');
      // The summary's link leads to the field in its session's row.
      await summary.getByRole('link', { name: 'Slutten må komme etter starten.' }).click();
      await page.waitForURL((u) => u.hash === '#field-sessions.2.end');
      const seen = await f.session(2).end.evaluate((e) => {
        const r = e.getBoundingClientRect();
        return { top: r.top, bottom: r.bottom, height: window.innerHeight };
      });
      assert.ok(seen.top > -1 && seen.bottom <= seen.height, `the end field is scrolled into view: ${JSON.stringify(seen)}`);
      assert.deepEqual(sqlRows(dbPath, `SELECT id FROM run WHERE course_id = ${courseId}`), [], 'nothing was saved');
      await assertAccessible(page, 'the new run form with errors', '11-run-errors');

      await f.session(2).end.fill(plan.sessions[1].end);
      await f.capacity.fill(plan.capacity);
      await f.deadline.fill(plan.deadline);
      await submitAndWait(page, page.getByRole('button', { name: 'Lagre som utkast' }),
        (u) => /^\/ansatt\/gjennomforing\/\d+\/endre$/.test(u.pathname));
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('lagret'), '1');
      runId = Number(url.pathname.split('/')[3]);
      runPath = `/ansatt/gjennomforing/${runId}/endre`;
      assert.deepEqual(sqlRows(dbPath, `SELECT id, state, capacity, min_participants, registration_deadline,
        location_municipality, waiting_list_enabled, digital FROM run WHERE course_id = ${courseId}`),
      // (Sign-up is open to the end of the deadline's day in Oslo: midnight, 23:00 UTC in winter time.)
      [{ id: runId, state: 'draft', capacity: 12, min_participants: 4, registration_deadline: `${plan.deadline}T23:00:00Z`,
        location_municipality: '0301', waiting_list_enabled: 1, digital: 0 }], 'one draft run of the course, as typed');
      // 18:00 in Oslo is 17:00 UTC before summer time and 16:00 UTC in it.
      assert.deepEqual(storedSessions(runId), [
        [`${plan.sessions[0].date}T17:00:00Z`, `${plan.sessions[0].date}T19:30:00Z`],
        [`${plan.sessions[1].date}T16:00:00Z`, `${plan.sessions[1].date}T18:30:00Z`],
      ], 'the two evenings on the Oslo clock, blank rows left out');
    });

    await step('6. the run\'s page: a draft with its history, listed on the course page, opened for sign-up', async () => {
      await page.getByRole('heading', { level: 1, name: `Gjennomføring: ${draft.title}` }).waitFor();
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Gjennomføringen er lagret.');
      assert.deepEqual(await runFacts(page), {
        state: 'Under planlegging',
        text: 'Status Under planlegging Påmeldte 0 bekreftet, 0 på venteliste Versjon 1',
      });
      assert.deepEqual(await runFormValues(page),
        { sessions: sessionRows(plan.sessions, 1), place: typedPlace, seats: typedSeats },
        'the form opens with what is saved and one blank row');
      assert.equal(await runForm(page).version.inputValue(), '1');
      const participants = page.getByRole('link', { name: 'Deltakere og oppmøte', exact: true });
      assert.equal(await participants.getAttribute('href'), `/ansatt/gjennomforing/${runId}`);
      assert.equal((await page.context().request.get(`${baseUrl}/ansatt/gjennomforing/${runId}`)).status(), 200,
        'the participants\' page is there');
      assert.equal(await page.getByRole('link', { name: 'Se siden slik publikum ser den' }).count(), 0,
        'a draft has no public page to link to');
      assert.deepEqual(await stateButtons(page), ['Åpne for påmelding']);
      const history = await tableRows(page.getByRole('region', { name: 'Endringer' }));
      assert.equal(history.length, 1, `one history row: ${JSON.stringify(history)}`);
      assert.deepEqual([history[0][0], history[0][2], history[0][3]], ['1', first.name, 'Opprettet']);
      await assertAccessible(page, 'the page of a new draft run', '12-run-draft');

      const hidden = await visit(`/gjennomforing/${runId}`, (p) => p.getByRole('heading', { level: 1 }).allInnerTexts());
      assert.equal(hidden.status, 404, 'a draft run is not shown to the public');
      assert.ok(!hidden.seen.some((h) => h.includes(draft.title)), `nor its course's title: ${hidden.seen}`);

      // The course page lists it; its first day leads back to it.
      await submitAndWait(page, page.getByRole('navigation', { name: 'Brødsmulesti' }).getByRole('link', { name: draft.title }),
        (u) => u.pathname === coursePath);
      const runs = page.getByRole('region', { name: 'Gjennomføringer', exact: true });
      assert.deepEqual(await tableRows(runs),
        [[dayText(plan.sessions[0].date), 'utkast', '0 av 12 plasser tatt, 0 på venteliste', 'Deltakere og oppmøte']]);
      assert.equal(await runs.locator('tbody tr').getAttribute('data-run'), String(runId));
      assert.equal(await page.getByText('Kurset har ingen gjennomføringer ennå.').count(), 0);
      await assertAccessible(page, 'the course page with a run', '13-course-with-run');
      await submitAndWait(page, runs.getByRole('link', { name: dayText(plan.sessions[0].date), exact: true }),
        (u) => u.pathname === runPath);

      await submitAndWait(page, page.getByRole('button', { name: 'Åpne for påmelding' }),
        (u) => u.pathname === runPath && u.searchParams.get('lagret') === 'status');
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Statusen er endret.');
      assert.deepEqual(await runFacts(page), {
        state: 'Åpen for påmelding',
        text: 'Status Åpen for påmelding Påmeldte 0 bekreftet, 0 på venteliste Versjon 2',
      });
      assert.deepEqual(await stateButtons(page), ['Gjør om til utkast', 'Steng påmeldingen nå'],
        'no one signed up: it may go back to draft, and sign-up may close early');
      assert.deepEqual(await page.locator('.kb-status-moves').getByRole('link').allInnerTexts(), ['Avlys'],
        'cancelling is a link to a question, not a button that cancels at once');
      assert.equal(await page.getByRole('link', { name: 'Se siden slik publikum ser den' }).getAttribute('href'),
        `/gjennomforing/${runId}`);
      assert.deepEqual((await tableRows(page.getByRole('region', { name: 'Endringer' }))).map((r) => [r[0], r[2], r[3]]), [
        ['2', first.name, 'Status'],
        ['1', first.name, 'Opprettet'],
      ]);
      assert.equal(sqlValue(dbPath, `SELECT state FROM run WHERE id = ${runId}`), 'open');
      await assertAccessible(page, 'the page of an open run', '14-run-open');

      const shown = await visit(`/gjennomforing/${runId}`, async (p) => ({
        h1: (await p.getByRole('heading', { level: 1 }).innerText()).trim(),
        state: (await p.locator('.ds-tag[data-status]').innerText()).trim(),
        sessions: (await tableRows(p.getByRole('region', { name: 'Samlinger' }))).map((r) => r.slice(0, 2)),
      }));
      assert.equal(shown.status, 200, 'an open run has a public page');
      assert.deepEqual(shown.seen, {
        h1: draft.title,
        state: 'Åpen for påmelding',
        sessions: plan.sessions.map((s, i) => [String(i + 1), `${dayText(s.date)}, 18.00–20.30`]),
      }, 'the public sees both evenings at 18.00, either side of the start of summer time');
      const api = await (await page.context().request.get(`${baseUrl}/api/v1/runs/${runId}`)).json();
      assert.deepEqual(api.sessions.map((s) => [s.starts_at, s.ends_at]), [
        [`${plan.sessions[0].date}T18:00:00+01:00`, `${plan.sessions[0].date}T20:30:00+01:00`],
        [`${plan.sessions[1].date}T18:00:00+02:00`, `${plan.sessions[1].date}T20:30:00+02:00`],
      ]);
    });

    await step('7. a copy to new dates is a draft at the same clock times, across the end of summer time', async () => {
      assert.equal(await page.getByRole('heading', { level: 2, name: 'Kopier til nye datoer' }).count(), 1);
      const firstDay = page.getByLabel('Første dag', { exact: true });
      assert.equal(await firstDay.getAttribute('type'), 'date');
      const help = await page.locator(`[id="${await firstDay.getAttribute('aria-describedby')}"]`).innerText();
      assert.equal(help.trim(), 'Samlingene får samme klokkeslett og samme avstand som nå.', 'the field is described by its help');
      await firstDay.fill(copyFirstDay);
      await submitAndWait(page, page.getByRole('button', { name: 'Lag kopi', exact: true }),
        (u) => /^\/ansatt\/gjennomforing\/\d+\/endre$/.test(u.pathname) && u.pathname !== runPath);
      const url = new URL(page.url());
      assert.equal(url.searchParams.get('lagret'), 'kopi');
      const copyId = Number(url.pathname.split('/')[3]);
      assert.ok(copyId > runId, `the copy is a new run (${copyId})`);
      await page.getByRole('heading', { level: 1, name: `Gjennomføring: ${draft.title}` }).waitFor();
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Kopien er laget som utkast. Se over og lagre.');
      assert.deepEqual(await runFacts(page), {
        state: 'Under planlegging',
        text: 'Status Under planlegging Påmeldte 0 bekreftet, 0 på venteliste Versjon 1',
      }, 'a copy is a new draft, with no one signed up');
      const copied = [
        { date: copyFirstDay, start: '18:00', end: '20:30' },
        { date: addDays(copyFirstDay, 7), start: '18:00', end: '20:30' },
      ];
      assert.deepEqual(await runFormValues(page), {
        sessions: sessionRows(copied, 1),
        place: typedPlace,
        seats: [plan.language, plan.capacity, plan.min, addDays(copyFirstDay, -7), true, false],
      }, 'the same evenings a week apart from the new day, the deadline as many days before, the rest as it was');
      assert.equal(await page.getByRole('link', { name: 'Se siden slik publikum ser den' }).count(), 0);
      assert.deepEqual(await stateButtons(page), ['Åpne for påmelding']);
      const history = await tableRows(page.getByRole('region', { name: 'Endringer' }));
      assert.deepEqual(history.map((r) => [r[0], r[2], r[3]]), [['1', first.name, 'Opprettet']]);
      // 18:00 in Oslo is 16:00 UTC in summer time and 17:00 UTC after it.
      assert.deepEqual(storedSessions(copyId), [
        [`${copied[0].date}T16:00:00Z`, `${copied[0].date}T18:30:00Z`],
        [`${copied[1].date}T17:00:00Z`, `${copied[1].date}T19:30:00Z`],
      ]);
      assert.equal(sqlValue(dbPath, `SELECT registration_deadline FROM run WHERE id = ${copyId}`),
        `${addDays(copyFirstDay, -7)}T22:00:00Z`, 'the deadline\'s day ends at midnight in Oslo, 22:00 UTC in summer time');
      assert.deepEqual(sqlRows(dbPath, `SELECT id, state FROM run WHERE course_id = ${courseId} ORDER BY id`),
        [{ id: runId, state: 'open' }, { id: copyId, state: 'draft' }], 'the run copied is left as it was');
      assert.deepEqual(storedSessions(runId).map((s) => s[0].slice(0, 10)), plan.sessions.map((s) => s.date));
      await assertAccessible(page, 'the page of a copied run', '15-run-copy');

      assert.equal((await visit(`/gjennomforing/${copyId}`)).status, 404, 'the copy is not public yet');
      assert.equal((await page.goto(`${baseUrl}${coursePath}`)).status(), 200);
      const runs = await page.getByRole('region', { name: 'Gjennomføringer', exact: true }).locator('tbody tr')
        .evaluateAll((rows) => rows.map((r) => [Number(r.dataset.run), r.cells[0].innerText.trim(), r.cells[1].innerText.trim()]));
      assert.deepEqual([...runs].sort((a, b) => a[0] - b[0]), [
        [runId, dayText(plan.sessions[0].date), 'åpen'],
        [copyId, dayText(copyFirstDay), 'utkast'],
      ], 'the course page lists both runs');
    });

    await step('8. cancelling asks first, says who is told, and the public page says it is cancelled', async () => {
      assert.equal((await page.goto(`${baseUrl}${runPath}`)).status(), 200);
      await submitAndWait(page, page.locator('.kb-status-moves').getByRole('link', { name: 'Avlys', exact: true }),
        (u) => u.pathname === `/ansatt/gjennomforing/${runId}/avlys`);
      const h1 = (await page.getByRole('heading', { level: 1 }).innerText()).trim();
      assert.ok(h1.startsWith(`Avlys gjennomføringen: ${draft.title}`), h1);
      assert.equal((await page.locator('#cancel-told').innerText()).trim(), 'Ingen er påmeldt, så ingen får beskjed.');
      const note = page.getByLabel('Beskjed til de påmeldte (valgfritt)');
      assert.equal(await note.evaluate((e) => e.tagName), 'TEXTAREA');
      await assertAccessible(page, 'the question before cancelling a run', '16-run-cancel');
      assert.equal(sqlValue(dbPath, `SELECT state FROM run WHERE id = ${runId}`), 'open', 'asking changes nothing');

      await note.fill('Kursleder er syk.');
      await submitAndWait(page, page.getByRole('button', { name: 'Avlys og send beskjed', exact: true }),
        (u) => u.pathname === runPath && u.searchParams.get('lagret') === 'avlyst');
      assert.equal((await page.getByRole('status').innerText()).trim(), 'Gjennomføringen er avlyst.',
        'no one was signed up, so no one is counted as told');
      assert.equal((await runFacts(page)).state, 'Avlyst');
      assert.equal(await page.locator('.kb-status-moves').locator('a, button').count(), 0,
        'a cancelled run has no move left');
      assert.equal(sqlValue(dbPath, `SELECT state FROM run WHERE id = ${runId}`), 'cancelled');
      await assertAccessible(page, 'the page of a cancelled run', '17-run-cancelled');

      const shown = await visit(`/gjennomforing/${runId}`, async (p) => ({
        state: (await p.locator('.ds-tag[data-status]').innerText()).trim(),
        buttons: await p.getByRole('button', { name: /Meld deg på/ }).count(),
      }));
      assert.equal(shown.status, 200, 'a cancelled run stays on its public page');
      assert.deepEqual(shown.seen, { state: 'Avlyst', buttons: 0 }, 'and says so, with nothing to sign up for');
    });
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
