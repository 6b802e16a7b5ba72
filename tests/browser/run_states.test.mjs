// Every state of a run, as the public sees it (issue 12), in a real Chromium
// (Debian) driven by playwright-core against the real `kursbase serve`, with
// axe-core checking WCAG 2.1 A/AA on every page: open, full with and without a
// waiting list, closed, in progress, completed, cancelled and a course that
// needs a referral. For each, what the run page offers (a sign-up button only
// when sign-up is possible, the right words on it), what its status tag says
// and in which colour, what the sign-up form says before anything is typed,
// and for the two that take sign-ups, what the mail says. A course whose first
// run has closed leads its page and its search card with the run that is open.
//
// The states are made in the demo database before the server starts (the
// deadline, sessions, capacity and state of chosen runs), and the full runs
// are filled through the API, as people would.
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN, KURSBASE_STATIC_DIR, KURSBASE_ARTIFACTS_DIR (optional), CHROMIUM_PATH (optional)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/run_states.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { localToday as today, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible as assertAxe, launchChromium, browserSuiteEnv, suiteDirs, submitAndWait,
  tearDown } from '../support/browser.mjs';
import { jsonClient } from '../support/http.mjs';
import { mailingServerEnv, startSmtpSink } from '../support/smtp_sink.mjs';
import { sqlRows, sqlValue } from '../support/sql.mjs';
import { waitFor } from '../support/wait.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();
const { workDir, artifactsDir } = suiteDirs('kursbase-run-states-');
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let server = null;
let sink = null;
let baseUrl = '';
let browser = null;
const { getJson, signUp } = jsonClient(() => baseUrl);

const DAY = 24 * 3600 * 1000;
// As the store writes instants (domain/core/time.hpp format_instant).
const iso = (ms) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
const sql = (statement) => sqlValue(dbPath, statement);

// The runs each state is made from, one course each: open, of a course without
// referral, asking no ID number, nobody signed up, at least two sessions, the
// first more than six weeks away.
function pickRuns(n, { referral = false } = {}) {
  const horizon = iso(Date.now() + 42 * DAY);
  const rows = sqlRows(dbPath, `
    SELECT r.id AS id, r.course_id AS course_id FROM run r JOIN course c ON c.id = r.course_id
    WHERE r.state = 'open' AND c.status = 'published' AND c.referral_required = ${referral ? 1 : 0}
      AND r.staff_registration_only = 0
      AND coalesce(r.registers_in_record, 0) = 0 AND r.confirmed_count = 0 AND r.waitlisted_count = 0
      AND (SELECT count(*) FROM run_session s WHERE s.run_id = r.id) >= 2
      AND (SELECT min(s.starts_at) FROM run_session s WHERE s.run_id = r.id) > '${horizon}'
    ORDER BY r.id`);
  const out = [];
  const courses = new Set(used);
  for (const r of rows) {
    if (courses.has(r.course_id)) continue;
    courses.add(r.course_id);
    out.push(r);
    if (out.length === n) break;
  }
  assert.equal(out.length, n, 'the demo has enough open runs');
  for (const r of out) used.add(r.course_id);
  return out;
}
const used = new Set();

// Moves a run's sessions to start `firstInDays` from now, a week apart.
function moveSessions(runId, firstInDays) {
  const sessions = sqlRows(dbPath, `SELECT id FROM run_session WHERE run_id = ${runId} ORDER BY starts_at`);
  sessions.forEach((s, i) => {
    const start = Date.now() + (firstInDays + 7 * i) * DAY;
    sql(`UPDATE run_session SET starts_at = '${iso(start)}', ends_at = '${iso(start + 3 * 3600 * 1000)}' WHERE id = ${s.id}`);
  });
}

const states = {};  // name → { id, course_id }

// A course with two runs: the first has closed, the second is open.
let twoRunCourse = null;

function makeStates() {
  const [open, fullWithList, fullWithout, closed, inProgress, completed, cancelled] = pickRuns(7);
  const [referral, staffOnly] = pickRuns(2, { referral: true });
  Object.assign(states, { open, fullWithList, fullWithout, closed, inProgress, completed, cancelled, referral,
    staffOnly });
  sql(`UPDATE run SET staff_registration_only = 1 WHERE id = ${staffOnly.id}`);
  for (const r of [fullWithList, fullWithout]) sql(`UPDATE run SET capacity = 1 WHERE id = ${r.id}`);
  sql(`UPDATE run SET waiting_list_enabled = 0 WHERE id = ${fullWithout.id}`);
  sql(`UPDATE run SET registration_deadline = '${iso(Date.now() - DAY)}' WHERE id = ${closed.id}`);
  // Under way: the first session was yesterday, the next is in six days.
  moveSessions(inProgress.id, -1);
  sql(`UPDATE run SET registration_deadline = '${iso(Date.now() - 3 * DAY)}' WHERE id = ${inProgress.id}`);
  moveSessions(completed.id, -60);
  sql(`UPDATE run SET registration_deadline = '${iso(Date.now() - 63 * DAY)}' WHERE id = ${completed.id}`);
  sql(`UPDATE run SET state = 'cancelled' WHERE id = ${cancelled.id}`);
  // The open run's course charges, as some HFs do (issue 12: price and
  // no-show rules where the course has them).
  sql(`UPDATE course SET fee_nok = 1500, no_show_fee_nok = 700, what_to_bring = 'Ta med matpakke og joggesko.'
       WHERE id = ${open.course_id}`);

  // A course with at least two open runs still to come: its first closes.
  const rows = sqlRows(dbPath, `
    SELECT r.course_id AS course_id, r.id AS id FROM run r JOIN course c ON c.id = r.course_id
    WHERE r.state = 'open' AND c.status = 'published' AND c.referral_required = 0
      AND (SELECT min(s.starts_at) FROM run_session s WHERE s.run_id = r.id) > '${iso(Date.now() + 14 * DAY)}'
      AND r.registration_deadline > '${iso(Date.now() + 7 * DAY)}'
    ORDER BY r.course_id, (SELECT min(s.starts_at) FROM run_session s WHERE s.run_id = r.id)`);
  const byCourse = new Map();
  for (const r of rows) {
    if (used.has(r.course_id)) continue;
    if (!byCourse.has(r.course_id)) byCourse.set(r.course_id, []);
    byCourse.get(r.course_id).push(r.id);
  }
  for (const [courseId, runs] of byCourse) {
    // Only courses whose every published run is one of these, so no earlier run wins.
    const all = Number(sql(`SELECT count(*) FROM run WHERE course_id = ${courseId} AND state = 'open'`));
    if (runs.length < 2 || all !== runs.length) continue;
    twoRunCourse = { courseId, closedRun: runs[0], openRun: runs[1] };
    break;
  }
  assert.ok(twoRunCourse, 'a course with two open runs to come');
  sql(`UPDATE run SET registration_deadline = '${iso(Date.now() - DAY)}' WHERE id = ${twoRunCourse.closedRun}`);
}

before(async () => {
  runDemo({ bin: BIN, database: dbPath, today: today(), timeoutMs: 60000 });
  makeStates();
  sink = await startSmtpSink();
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    args: ['--static-dir', STATIC_DIR],
    env: mailingServerEnv(sink),
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
  // The full runs: their one seat taken through the API.
  await signUp(states.fullWithList.id, { name: 'Først Ute', email: 'forst.venteliste@example.no' });
  await signUp(states.fullWithout.id, { name: 'Først Inne', email: 'forst.uten@example.no' });
});

after(() => tearDown({ browser, stops: [() => server?.stop(), () => sink?.close()], workDir, artifactsDir }));

const SIGN_UP = 'Meld deg på dette kurset';
const JOIN_LIST = 'Fullt – meld deg på venteliste';
const REQUEST = 'Send forespørsel om plass';

// What each state's run page must show: the tag's words and colour, which
// button (or none), and the alert's reason when there is no button.
const expected = {
  open: { tag: 'Åpen for påmelding', color: 'success', button: SIGN_UP },
  fullWithList: { tag: 'Fullt – venteliste', color: 'warning', button: JOIN_LIST,
    says: /venteliste som nummer 1\./ },
  fullWithout: { tag: 'Fullt', color: 'warning', refusal: 'Kurset er fullt. Det er ikke mulig å melde seg på flere.' },
  closed: { tag: 'Påmeldingen er stengt', color: 'neutral', refusal: 'Påmeldingsfristen for dette kurset har gått ut.' },
  inProgress: { tag: 'Kurset er i gang', color: 'info',
    refusal: 'Kurset er allerede i gang, og det er ikke lenger mulig å melde seg på.' },
  completed: { tag: 'Gjennomført', color: 'neutral', refusal: 'Dette kurset er allerede gjennomført.' },
  cancelled: { tag: 'Avlyst', color: 'danger', refusal: 'Dette kurset er avlyst. Du kan ikke melde deg på.' },
  referral: { tag: 'Åpen for påmelding', color: 'success', button: REQUEST,
    says: /Kurset krever henvisning\. Du kan sende en forespørsel om plass nå; den venter på henvisningen/ },
  staffOnly: { tag: 'Påmelding via henvisning', color: 'info',
    refusal: 'Til dette kurset blir du meldt på av kursarrangøren når de har fått en henvisning. Snakk med fastlegen eller behandleren din om å bli henvist til kurset.' },
};

async function newPage() {
  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (e) => page.errors.push(e.message));
  return page;
}

async function assertAccessible(page, what, shot) {
  await assertAxe(page, what);
  await page.screenshot({ path: join(artifactsDir, `run-states-${shot}.png`), fullPage: true });
}

test('each run state: the run page offers only what is possible, and says so', async () => {
  const page = await newPage();
  for (const [name, want] of Object.entries(expected)) {
    const run = states[name];
    assert.equal((await page.goto(`${baseUrl}/gjennomforing/${run.id}`)).status(), 200, name);
    const main = page.locator('main');
    const tag = main.locator('.ds-tag').first();
    assert.equal((await tag.innerText()).trim(), want.tag, `${name}: the status tag`);
    assert.equal(await tag.getAttribute('data-color'), want.color, `${name}: the tag's colour`);
    const buttons = main.getByRole('link', { name: new RegExp(`^(${SIGN_UP}|${JOIN_LIST}|${REQUEST})$`) });
    const text = await main.innerText();
    if (want.button) {
      assert.equal(await buttons.count(), 1, `${name}: one sign-up button`);
      assert.equal((await buttons.innerText()).trim(), want.button, `${name}: the button's words`);
      assert.equal(await buttons.getAttribute('href'), `/gjennomforing/${run.id}/pamelding`);
      assert.equal(await main.locator('.kb-run-refusal').count(), 0, `${name}: no refusal`);
    } else {
      assert.equal(await buttons.count(), 0, `${name}: no sign-up button`);
      const alert = main.locator('.kb-run-refusal');
      assert.match(await alert.innerText(), new RegExp(want.refusal.replace(/[.]/g, '\\.')),
        `${name}: the alert says why`);
      assert.equal(await alert.getByRole('link', { name: 'Se andre gjennomføringer av kurset' })
        .getAttribute('href'), `/kurs/${run.course_id}`);
    }
    if (want.says) assert.match(text, want.says, `${name}: what the page says`);
    assert.doesNotMatch(text, /Ta kontakt med arrangøren for å melde deg på/, `${name}: no contradiction`);
    if (name === 'fullWithout') assert.doesNotMatch(text, /venteliste/i, 'no waiting list is spoken of');
    if (name === 'cancelled') {
      assert.equal(await main.locator('.kb-run-refusal').getAttribute('data-color'), 'danger');
    }
    await assertAccessible(page, `the run page, ${name}`, `run-${name}`);
  }
  assert.deepEqual(page.errors, []);
});

test('the JSON API names the same states and offers', async () => {
  const want = { open: ['open', 'sign_up'], fullWithList: ['full', 'waiting_list'],
    fullWithout: ['full', 'none'], closed: ['closed', 'none'], inProgress: ['in_progress', 'none'],
    completed: ['completed', 'none'], cancelled: ['cancelled', 'none'], referral: ['open', 'sign_up'],
    staffOnly: ['open', 'none'] };
  for (const [name, [status, offer]] of Object.entries(want)) {
    const run = await getJson(`/api/v1/runs/${states[name].id}`);
    assert.deepEqual([run.status, run.sign_up], [status, offer], name);
    assert.equal(run.waitlist_position, name === 'fullWithList' ? 1 : null, `${name}: position`);
  }
});

test('the form of a run that takes no sign-up says why and has no form; a full one names the waiting list', async () => {
  const page = await newPage();
  for (const name of ['fullWithout', 'closed', 'inProgress', 'completed', 'cancelled', 'staffOnly']) {
    assert.equal((await page.goto(`${baseUrl}/gjennomforing/${states[name].id}/pamelding`)).status(), 200);
    assert.equal(await page.locator('form.kb-enrollment-form').count(), 0, `${name}: no form`);
    assert.match(await page.getByRole('status').innerText(),
      new RegExp(expected[name].refusal.replace(/[.]/g, '\\.')), `${name}: why`);
    await assertAccessible(page, `the sign-up form, ${name}`, `form-${name}`);
  }
  // Open: the plain form, no word of a waiting list.
  await page.goto(`${baseUrl}/gjennomforing/${states.open.id}/pamelding`);
  assert.equal(await page.locator('.kb-waiting-list-notice').count(), 0);
  await page.getByRole('button', { name: 'Send påmelding' }).waitFor();
  assert.doesNotMatch(await page.locator('main').innerText(), /venteliste/i);
  assert.deepEqual(page.errors, []);
});

// Fills the sign-up form as a patient.
async function fillSignUpForm(page, p) {
  await page.getByRole('textbox', { name: 'Fullt navn (må fylles ut)' }).fill(p.name);
  await page.getByRole('textbox', { name: 'E-post', exact: true }).fill(p.email);
  await page.getByRole('group', { name: 'Jeg melder meg på som (må fylles ut)' })
    .getByRole('radio', { name: 'Pasient' }).check();
  await page.getByRole('checkbox', { name: /^Jeg samtykker/ }).check();
}

const mailTo = async (address, what) => {
  await waitFor(() => sink.mailsTo(address).length > 0, what, 30000, () => sink.describe());
  return sink.mailsTo(address)[0].parsed;
};

test('open: from the run page to a seat, and the mail says so', async () => {
  const page = await newPage();
  const run = states.open;
  const title = (await getJson(`/api/v1/runs/${run.id}`)).course_title;
  await page.goto(`${baseUrl}/gjennomforing/${run.id}`);
  await submitAndWait(page, page.getByRole('link', { name: SIGN_UP }),
    (u) => u.pathname === `/gjennomforing/${run.id}/pamelding`);
  const person = { name: 'Åse Åpen', email: 'ase.apen@example.no' };
  await fillSignUpForm(page, person);
  await submitAndWait(page, page.getByRole('button', { name: 'Send påmelding' }),
    (u) => u.pathname.endsWith('/pamelding/mottatt'));
  const mail = await mailTo(person.email, 'the confirmation');
  assert.equal(mail.subject, `Du har fått plass: ${title}`);
  // What the person needs, in the mail itself (issue 12): every session, the
  // place, whom to ask, how to cancel.
  const sessions = Number(sql(`SELECT count(*) FROM run_session WHERE run_id = ${run.id}`));
  const lines = mail.text.match(/^- \d\d\.\d\d\.\d{4} kl\. \d\d:\d\d–\d\d:\d\d$/gm) || [];
  assert.equal(lines.length, sessions, `one line per session in: ${mail.text}`);
  assert.match(mail.text, /Samlinger:\n- /);
  assert.match(mail.text, /^(Sted: .+, \d{4} .+\.|Kurset holdes digitalt \(video\)\.)/m);
  const contact = sqlRows(dbPath, `SELECT c.contact_email AS email, c.contact_phone AS phone FROM course c
    JOIN run r ON r.course_id = c.id WHERE r.id = ${run.id}`)[0];
  if (contact.email || contact.phone) assert.match(mail.text, /Spørsmål\? Kontakt .+: (e-post|telefon) /);
  if (contact.phone) assert.ok(mail.text.includes(contact.phone), 'the phone number');
  assert.match(mail.text, /Kan du ikke komme\? Meld deg av med lenken nedenfor/);
  // The price, the no-show fee and what to bring, in the mail and on both pages.
  assert.match(mail.text, /^Pris: Egenandel 1\u00a0500\u00a0kr\.$/m);
  assert.match(mail.text, /^Møter du ikke, og har ikke meldt avbud, kan du få et gebyr på 700\u00a0kr\.$/m);
  assert.match(mail.text, /^Husk: Ta med matpakke og joggesko\.$/m);
  await page.goto(`${baseUrl}/gjennomforing/${run.id}`);
  const facts = await page.locator('main .kb-facts').innerText();
  assert.match(facts, /Pris\s+Egenandel 1\u00a0500\u00a0kr/);
  assert.match(facts, /Husk\s+Ta med matpakke og joggesko\./);
  // The private link page: the place with its address, whom to ask (a tel: link), the same facts.
  const token = await sink.tokenFor(person.email);
  await page.goto(`${baseUrl}/pamelding/${token}`);
  const practical = await page.locator('#enrollment-practical').innerText();
  const place = sqlRows(dbPath, `SELECT location_address AS address, location_postal_code AS postal
    FROM run WHERE id = ${run.id}`)[0];
  if (place.address) assert.ok(practical.includes(place.address) && practical.includes(place.postal),
    `the address on the private link page: ${practical}`);
  assert.match(practical, /Egenandel 1\u00a0500\u00a0kr/);
  assert.match(practical, /gebyr på 700\u00a0kr/);
  if (contact.phone) {
    const tel = page.locator('#enrollment-contact a[href^="tel:"]');
    assert.equal(await tel.innerText(), contact.phone);
  }
  await assertAccessible(page, 'the private link page of a confirmed seat', 'manage-open');
  assert.deepEqual(page.errors, []);
});

test('full with a waiting list: the page and the form say the position before, the mail after', async () => {
  const page = await newPage();
  const run = states.fullWithList;
  const title = (await getJson(`/api/v1/runs/${run.id}`)).course_title;
  await page.goto(`${baseUrl}/gjennomforing/${run.id}`);
  await submitAndWait(page, page.getByRole('link', { name: JOIN_LIST }),
    (u) => u.pathname === `/gjennomforing/${run.id}/pamelding`);
  assert.match(await page.locator('.kb-waiting-list-notice').innerText(),
    /Kurset er fullt\. Melder du deg på nå, kommer du på venteliste som nummer 1\./);
  await assertAccessible(page, 'the sign-up form of a full run with a waiting list', 'form-full-with-list');
  const person = { name: 'Vera Venter', email: 'vera.venter@example.no' };
  await fillSignUpForm(page, person);
  await submitAndWait(page, page.getByRole('button', { name: 'Meld meg på ventelisten' }),
    (u) => u.pathname.endsWith('/pamelding/mottatt'));
  const mail = await mailTo(person.email, 'the waiting-list mail');
  assert.equal(mail.subject, `Du står på venteliste: ${title}`);
  assert.match(mail.text, /nummer 1 på ventelisten/);
  // The next person would be number 2.
  await page.goto(`${baseUrl}/gjennomforing/${run.id}`);
  assert.match(await page.locator('main').innerText(), /venteliste som nummer 2\./);
  assert.deepEqual(page.errors, []);
});

test('referral: a public sign-up is a request that waits for the referral, and the mail and .ics say so', async () => {
  const page = await newPage();
  const run = states.referral;
  const title = (await getJson(`/api/v1/runs/${run.id}`)).course_title;
  await page.goto(`${baseUrl}/gjennomforing/${run.id}`);
  await submitAndWait(page, page.getByRole('link', { name: REQUEST }),
    (u) => u.pathname === `/gjennomforing/${run.id}/pamelding`);
  assert.match(await page.locator('.kb-referral-notice').innerText(),
    /Påmeldingen din blir en forespørsel som venter på henvisningen: du har ikke plass før/);
  assert.equal(await page.locator('.kb-waiting-list-notice').count(), 0);
  await assertAccessible(page, 'the sign-up form of a referral course', 'form-referral');
  const person = { name: 'Henrik Henvist', email: 'henrik.henvist@example.no' };
  await fillSignUpForm(page, person);
  // The course is part of treatment: the ID number is asked, and kept sealed.
  await page.getByRole('textbox', { name: /^Fødselsnummer/ }).fill('13097248022');
  await submitAndWait(page, page.getByRole('button', { name: REQUEST }),
    (u) => u.pathname.endsWith('/pamelding/mottatt'));
  const mail = await mailTo(person.email, 'the referral request mail');
  assert.equal(mail.subject, `Forespørselen din venter på henvisning: ${title}`);
  assert.doesNotMatch(mail.subject + mail.text, /Du har fått plass/, 'never "you have a seat"');
  assert.match(mail.text, /Be fastlegen eller behandleren din sende en henvisning til \S/);
  assert.match(mail.text, /Fødselsnummeret ditt er lagret kryptert/);
  const ics = mail.attachments.find((a) => a.filename === 'kurs.ics');
  assert.ok(ics, 'the sessions come as a calendar');
  const text = ics.content.toString('utf8');
  assert.match(text, /STATUS:TENTATIVE/);
  assert.doesNotMatch(text, /STATUS:CONFIRMED/, 'no confirmed event before the referral');
  // No seat is taken: the run still has every seat free.
  const after = await getJson(`/api/v1/runs/${run.id}`);
  assert.equal(after.seats_left, after.capacity);
  assert.equal(Number(sql(`SELECT count(*) FROM enrollment WHERE run_id = ${run.id} AND status = 'awaiting_referral'`)), 1);
  assert.deepEqual(page.errors, []);
});

test('a course whose first run has closed leads with the open one, on its page and in search', async () => {
  const page = await newPage();
  const { courseId, closedRun, openRun } = twoRunCourse;
  await page.goto(`${baseUrl}/kurs/${courseId}`);
  const next = page.locator('.kb-next-bookable');
  assert.equal(await next.getByRole('heading', { name: 'Neste kurs med åpen påmelding' }).count(), 1);
  assert.equal(await next.getByRole('link', { name: SIGN_UP }).getAttribute('href'),
    `/gjennomforing/${openRun}/pamelding`);
  const others = page.locator('.kb-run-list');
  assert.equal(await others.locator(`a[href="/gjennomforing/${closedRun}"]`).count(), 1,
    'the closed run is listed among the others');
  assert.equal((await others.locator(`li:has(a[href="/gjennomforing/${closedRun}"]) .ds-tag`).innerText()).trim(),
    'Påmeldingen er stengt');
  await assertAccessible(page, 'a course page whose first run has closed', 'course-two-runs');

  const course = await getJson(`/api/v1/courses/${courseId}`);
  const search = await getJson(`/api/v1/courses?q=${encodeURIComponent(course.title)}&page_size=100`);
  const hit = search.items.find((i) => i.id === courseId);
  assert.ok(hit, 'the course is found by its title');
  assert.equal(hit.next_run.id, openRun, 'the card shows the run one can sign up for');
  assert.equal(hit.next_run.sign_up, 'sign_up');
  assert.deepEqual(page.errors, []);
});
