// The end-to-end journey of issue 3 ("done when") with the staff pages of
// issue 4, in a real Chromium (Debian) driven by playwright-core against the
// real `kursbase serve` on a free loopback port. Mail goes through the
// server's SMTP client to an SMTP sink (smtp-server) on loopback, and the
// private links are read back from the mails (mailparser). Staff accounts are
// made with the real `kursbase user add`. axe-core checks WCAG 2.1 A/AA on
// every page the journey passes.
//
// The journey, in one test whose steps depend on each other:
//   1. a small open run with a waiting list (found through the JSON API) is
//      filled: all seats but one through the JSON API, the last one through the
//      sign-up form, first with an error (shown, form kept filled in); the
//      answer only says "received" (issue 11), the status comes by mail;
//   2. the next person signs up in the browser; the link in the waiting-list
//      mail tells them they are on the list, with their position;
//   3. the person from step 1 opens the private link of their confirmation mail
//      and cancels;
//   4. the waitlisted person gets the promotion mail; its link says confirmed,
//      and the .ics link downloads a calendar of the run's sessions;
//   5. a course leader of the course signs in, opens the run's attendance page,
//      records present/absent (one click each), reloads, sees the completion and
//      the 80 % warning, downloads the CSV; an auditor finds it in the audit log;
//   6. axe-core on every page, and the staff run page at 375 px.
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN            the kursbase binary
//   KURSBASE_STATIC_DIR     the built static assets
//   KURSBASE_ARTIFACTS_DIR  optional: where screenshots go (default: a temp dir)
//   CHROMIUM_PATH           optional: the browser (default /usr/bin/chromium)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/enrollment_journey.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localToday as today, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible as assertAxe, launchChromium, newPage as newBrowserPage,
  submitAndWait, browserSuiteEnv, suiteDirs, tearDown, horizontalOverflow } from '../support/browser.mjs';
import { mailingServerEnv, startSmtpSink } from '../support/smtp_sink.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlRows, sqlValue } from '../support/sql.mjs';
import { waitFor as waitUntil } from '../support/wait.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();
const MAIL_WAIT_MS = 30000;  // the outbox worker polls every 500 ms; generous for slow CI


const { workDir, artifactsDir } = suiteDirs('kursbase-journey-');
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let sink = null;  // the SMTP sink; sink.mails: { from, to: [address], parsed, raw }
let server = null;
let baseUrl = '';
let browser = null;
const { getJson, enroll, smallestOpenRun } = jsonClient(() => baseUrl);

// ---------------------------------------------------------------- helpers

// A staff account made with the real CLI; returns its account id.
function addStaffAccount(username, name, role, password) {
  const out = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', username,
    '--name', name, '--role', role], { input: password, encoding: 'utf8', timeout: 30000 });
  assert.equal(out.status, 0, `kursbase user add ${username}:\n${out.stdout}\n${out.stderr}`);
  const m = /created account (\d+)/.exec(out.stdout);
  assert.ok(m, `user add should print the account id: ${out.stdout}`);
  return Number(m[1]);
}

// Synthetic fødselsnumre (born 14.03.1987 with month + 80, as Skatteetaten's
// test numbers) with valid check digits; `n` picks the n-th valid one.
function syntheticNationalId(n) {
  const w1 = [3, 7, 6, 1, 8, 9, 4, 5, 2];
  const w2 = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
  const check = (digits, weights) => {
    const r = 11 - (digits.reduce((s, d, i) => s + d * weights[i], 0) % 11);
    return r === 11 ? 0 : r;
  };
  let found = 0;
  for (let individual = 100; individual < 500; individual++) {
    const nine = `148387${String(individual).padStart(3, '0')}`.split('').map(Number);
    const k1 = check(nine, w1);
    if (k1 === 10) continue;
    const k2 = check([...nine, k1], w2);
    if (k2 === 10) continue;
    if (found++ === n) return [...nine, k1, k2].join('');
  }
  throw new Error(`no synthetic national ID number ${n}`);
}

let personCount = 0;
function person(tag) {
  personCount += 1;
  return {
    name: `Testperson ${tag} ${personCount}`,
    email: `reise${personCount}.${tag}@example.no`,
    nationalId: syntheticNationalId(personCount),
  };
}

const mailsTo = (address) => sink.mailsTo(address);

// Polls until `predicate()` holds; fails with `what` after the deadline.
const waitFor = (predicate, what, deadlineMs = MAIL_WAIT_MS) =>
  waitUntil(predicate, what, deadlineMs, () => `${sink.describe()}\n${server.log()}`);

// The private link in a mail's text, as a path on this server.
function privateLinkIn(mail) {
  const m = /https?:\/\/\S+?(\/pamelding\/[A-Za-z0-9_-]{20,})/.exec(mail.parsed.text);
  assert.ok(m, `the mail should carry a private link:\n${mail.parsed.text}`);
  assert.ok(m[0].startsWith(baseUrl), `the link should point at the public URL ${baseUrl}: ${m[0]}`);
  return m[1];
}

const newPage = (options = {}) =>
  newBrowserPage(browser, { acceptDownloads: true, ...options }, { documentsMayFail: true });

async function shot(page, name) {
  await page.screenshot({ path: join(artifactsDir, `journey-${name}.png`), fullPage: true });
}

const checkedPages = [];

// axe-core, WCAG 2.1 A/AA, no rule disabled; a screenshot of what was checked.
async function assertAccessible(page, what, shotName) {
  await assertAxe(page, what);
  checkedPages.push(what);
  await shot(page, shotName);
}

// How the attendance marks look: the two buttons of a person side by side
// with room between them, and a tag's bold label ("Advarsel:") set apart from
// its text by a visible space.
async function assertMarkLayout(page, warnedName) {
  const present = await page.getByRole('button', { name: `Til stede – ${warnedName}, Samling 1`, exact: true }).boundingBox();
  const absent = await page.getByRole('button', { name: `Fravær – ${warnedName}, Samling 1`, exact: true }).boundingBox();
  assert.ok(Math.abs(present.y - absent.y) < 1, `the two mark buttons sit on one line: ${JSON.stringify({ present, absent })}`);
  assert.ok(absent.x - (present.x + present.width) >= 4, `room between the mark buttons: ${JSON.stringify({ present, absent })}`);
  const gaps = await page.locator('.ds-tag > strong').evaluateAll((labels) => labels.map((strong) => {
    const text = strong.nextSibling;
    if (!text || text.nodeType !== Node.TEXT_NODE || !text.textContent.trim()) return null;
    const range = document.createRange();
    range.selectNodeContents(text);
    const rects = [...range.getClientRects()].filter((r) => r.width > 0);
    return rects.length ? rects[0].left - strong.getBoundingClientRect().right : null;
  }).filter((g) => g !== null));
  assert.ok(gaps.length > 0, 'the page has warning tags');
  for (const g of gaps) assert.ok(g >= 2, `a tag's label and text are set apart (gap ${g.toFixed(1)} px)`);
}

// Reads a finished download as text.
async function downloadText(page, link) {
  const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await download.path();
  assert.ok(path, `the download of ${download.suggestedFilename()} finished`);
  return { name: download.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

// Does the sign-up form of this run ask for the national ID number?
async function formAsksNationalId(runId) {
  const res = await fetch(`${baseUrl}/gjennomforing/${runId}/pamelding`);
  assert.equal(res.status, 200);
  return (await res.text()).includes('id="field-national_id"');
}

function signUpByApi(runId, p, withNationalId) {
  const fields = { name: p.name, email: p.email };
  if (withNationalId) fields.national_id = p.nationalId;
  return enroll(runId, fields, sink);
}

// The smallest open run of a course without referral that has a waiting list
// (nobody on it yet): fewest seats left, but at least two (one for the form, one
// for someone to be absent) and at least two sessions for the attendance steps.
const smallOpenRun = () =>
  smallestOpenRun((view) => view.seats_left >= 2 && view.sessions.length >= 2);

// Fills the sign-up form as a patient.
async function fillSignUpForm(page, p, { email, nationalId }) {
  await page.getByRole('textbox', { name: 'Fullt navn (må fylles ut)' }).fill(p.name);
  await page.getByRole('textbox', { name: 'E-post', exact: true }).fill(email);
  await page.getByRole('group', { name: 'Jeg melder meg på som (må fylles ut)' })
    .getByRole('radio', { name: 'Pasient' }).check();
  if (nationalId) await page.getByRole('textbox', { name: /^Fødselsnummer/ }).fill(p.nationalId);
  await page.getByRole('checkbox', { name: /^Jeg samtykker/ }).check();
}

// ---------------------------------------------------------------- fixtures

before(async () => {
  runDemo({ bin: BIN, database: dbPath, today: today(), timeoutMs: 60000 });
  sink = await startSmtpSink();
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    args: ['--static-dir', STATIC_DIR],
    // The links in the mails point at this server, so the browser can follow them.
    env: mailingServerEnv(sink),
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

after(() => tearDown({ browser, stops: [() => server?.stop(), () => sink?.close()], workDir, artifactsDir }));

// ---------------------------------------------------------------- the journey

test('sign-up, waiting list, cancel, promotion and attendance, all accessible', async (t) => {
  const run = await smallOpenRun();
  const course = await getJson(`/api/v1/courses/${run.course_id}`);
  const needsId = await formAsksNationalId(run.id);
  const formUrl = `${baseUrl}/gjennomforing/${run.id}/pamelding`;
  const bulk = [];
  const first = person('skjema');       // takes the last seat through the form
  const waiting = person('venteliste'); // goes on the waiting list through the form
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
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
    await step('1. the run is filled up; the last seat through the form, after an error', async () => {
      for (let i = 0; i < run.seats_left - 1; i++) {
        const p = person('api');
        const a = await signUpByApi(run.id, p, needsId);
        assert.equal(a.status, 'confirmed', `seat ${i + 1} of ${run.seats_left}`);
        bulk.push(p);
      }
      assert.equal((await getJson(`/api/v1/runs/${run.id}`)).seats_left, 1, 'one seat left for the form');

      // From the run page to the form, as a person would.
      assert.equal((await page.goto(`${baseUrl}/gjennomforing/${run.id}`)).status(), 200);
      await submitAndWait(page, page.getByRole('link', { name: 'Meld deg på dette kurset' }),
        (u) => u.pathname === `/gjennomforing/${run.id}/pamelding`);
      await page.getByRole('heading', { level: 1, name: `Meld deg på: ${run.course_title}` }).waitFor();
      await assertAccessible(page, 'the sign-up form', '01-form');

      // A mistyped e-mail address: 422, the error summary, the field's message, values kept.
      await fillSignUpForm(page, first, { email: 'ikke-en-adresse@', nationalId: needsId });
      const [bad] = await Promise.all([
        page.waitForResponse((r) => r.request().method() === 'POST' && r.url() === formUrl),
        page.getByRole('button', { name: 'Send påmelding' }).click(),
      ]);
      assert.equal(bad.status(), 422);
      await page.waitForLoadState('load');
      const summary = page.getByRole('alert');
      await summary.waitFor();
      assert.match(await summary.innerText(), /Påmeldingen har feil/);
      assert.match(await summary.innerText(), /E-postadressen ser ikke riktig ut/);
      assert.match(await page.title(), /Påmeldingen har feil/);
      const email = page.getByRole('textbox', { name: 'E-post', exact: true });
      assert.equal(await email.getAttribute('aria-invalid'), 'true');
      assert.match(await page.locator(`#${await email.getAttribute('aria-describedby')}`).innerText(),
        /E-postadressen ser ikke riktig ut/, 'the message sits at the field and is tied to it');
      assert.equal(await page.getByRole('textbox', { name: 'Fullt navn (må fylles ut)' }).inputValue(), first.name,
        'the name is kept');
      assert.equal(await email.inputValue(), 'ikke-en-adresse@', 'the wrong address is shown for correcting');
      assert.ok(await page.getByRole('radio', { name: 'Pasient' }).isChecked(), 'the kind is kept');
      assert.ok(await page.getByRole('checkbox', { name: /^Jeg samtykker/ }).isChecked(), 'the consent is kept');
      // The link in the summary leads to the field.
      await summary.getByRole('link', { name: /E-postadressen/ }).click();
      await page.waitForURL((u) => u.hash === '#field-email');
      await assertAccessible(page, 'the sign-up form with errors', '02-form-errors');

      // Corrected: the last seat. The answer says only "received" (issue 11:
      // the same for a new and a repeated sign-up); the status comes by mail.
      await email.fill(first.email);
      await submitAndWait(page, page.getByRole('button', { name: 'Send påmelding' }),
        (u) => u.pathname === `/gjennomforing/${run.id}/pamelding/mottatt`);
      await page.getByRole('heading', { level: 1, name: `Påmeldingen er mottatt: ${run.course_title}` }).waitFor();
      assert.match(await page.getByRole('status').innerText(), /Vi har mottatt påmeldingen/);
      await assertAccessible(page, 'the received answer', '03-received');
      await waitFor(() => mailsTo(first.email).length === 1, `the confirmation to ${first.email}`);
      first.path = privateLinkIn(mailsTo(first.email)[0]);
      const after = await getJson(`/api/v1/runs/${run.id}`);
      assert.equal(after.seats_left, 0, 'the run is full');
      assert.equal(after.confirmed, run.confirmed + run.seats_left);
    });

    await step('2. the next person is told they are on the waiting list, with their position', async () => {
      assert.equal((await page.goto(formUrl)).status(), 200);
      // Said before the form is sent (issue 12): full, so the waiting list, at this position.
      assert.match(await page.locator('.kb-waiting-list-notice').innerText(),
        new RegExp(`venteliste som nummer ${run.waitlisted + 1}\\.`));
      await fillSignUpForm(page, waiting, { email: waiting.email, nationalId: needsId });
      await submitAndWait(page, page.getByRole('button', { name: 'Meld meg på ventelisten' }),
        (u) => u.pathname === `/gjennomforing/${run.id}/pamelding/mottatt`);
      await page.getByText(/Vi har mottatt påmeldingen/).waitFor();
      await waitFor(() => mailsTo(waiting.email).length === 1, 'the waiting-list mail');
      waiting.path = privateLinkIn(mailsTo(waiting.email)[0]);
      assert.equal((await page.goto(baseUrl + waiting.path)).status(), 200);
      assert.equal((await page.locator('#enrollment-status').innerText()).trim(), 'Du står på venteliste');
      const position = Number((await page.locator('#waitlist-position').innerText()).trim());
      assert.equal(position, run.waitlisted + 1, 'the position on the list is shown');
      waiting.position = position;
      await assertAccessible(page, 'the waitlisted page', '04-waitlisted');
      assert.equal(mailsTo(waiting.email)[0].parsed.subject, `Du står på venteliste: ${run.course_title}`);
      assert.match(mailsTo(waiting.email)[0].parsed.text, new RegExp(`nummer ${position} på ventelisten`));
    });

    await step('3. a confirmed person opens the link in their mail and cancels', async () => {
      await waitFor(() => mailsTo(first.email).length === 1, `the confirmation to ${first.email}`);
      const mail = mailsTo(first.email)[0];
      assert.equal(mail.parsed.subject, `Du har fått plass: ${run.course_title}`);
      const link = privateLinkIn(mail);
      assert.equal((await page.goto(baseUrl + link)).status(), 200);
      // The link was exchanged for a cookie: the page's own URL holds no token (issue 11).
      assert.equal(new URL(page.url()).pathname, '/pamelding');
      assert.ok(!(await page.content()).includes(link.split('/').pop()), 'no token on the page');
      await page.getByRole('heading', { level: 1, name: `Din påmelding: ${run.course_title}` }).waitFor();
      assert.equal((await page.locator('#enrollment-status').innerText()).trim(), 'Du har fått plass');
      await assertAccessible(page, 'the private link page', '05-private-link');
      // Cancelling asks once, and says where the seat goes (issue 12).
      await submitAndWait(page, page.getByRole('link', { name: 'Meld meg av' }),
        (u) => u.pathname === '/pamelding/avmelding');
      await page.getByRole('heading', { level: 1, name: `Vil du melde deg av?: ${run.course_title}` }).waitFor();
      assert.match(await page.locator('.kb-cancel-consequence').innerText(),
        /Plassen din går videre til den første på ventelisten\./);
      await assertAccessible(page, 'the question before cancelling', '05b-cancel-question');
      await submitAndWait(page, page.getByRole('button', { name: 'Ja, meld meg av' }),
        (u) => u.pathname === '/pamelding');
      await page.locator('#enrollment-status').waitFor();
      assert.equal((await page.locator('#enrollment-status').innerText()).trim(), 'Påmeldingen er avmeldt');
      assert.equal(await page.getByRole('link', { name: 'Meld meg av' }).count(), 0,
        'no cancel button on a cancelled sign-up');
      await assertAccessible(page, 'the cancel confirmation', '06-cancelled');
      await waitFor(() => mailsTo(first.email).length === 2, `the cancellation mail to ${first.email}`);
      assert.equal(mailsTo(first.email)[1].parsed.subject, `Avmeldt: ${run.course_title}`);
    });

    await step('4. the waitlisted person is promoted: mail, confirmed page, calendar', async () => {
      await waitFor(() => mailsTo(waiting.email).length === 2, `the promotion mail to ${waiting.email}`);
      const mail = mailsTo(waiting.email)[1];
      // The promotion mail carries the person's own private link (issue 3):
      // the same page the form and the waiting-list mail led to.
      assert.doesNotMatch(mail.parsed.text, /Bruk lenken i den første bekreftelsen/);
      const link = privateLinkIn(mail);
      assert.equal(link, waiting.path, 'the promotion mail links to the same page');
      assert.equal(privateLinkIn(mailsTo(waiting.email)[0]), link, 'as the waiting-list mail did');
      assert.equal((await page.goto(baseUrl + link)).status(), 200);
      const status = page.locator('#enrollment-status');
      if (mail.parsed.subject.startsWith('Tilbud om plass')) {
        // The run's staff chose to offer freed seats: the person says yes first.
        assert.equal((await status.innerText()).trim(), 'Du har fått tilbud om plass');
        await submitAndWait(page, page.getByRole('button', { name: 'Ja, jeg tar plassen' }),
          (u) => u.pathname === '/pamelding');
      } else {
        assert.equal(mail.parsed.subject, `Du har fått plass: ${run.course_title}`);
        assert.match(mail.parsed.text, /En plass har blitt ledig/);
      }
      assert.equal((await status.innerText()).trim(), 'Du har fått plass');
      assert.equal(await page.locator('#waitlist-position').count(), 0, 'no waiting-list position any more');
      assert.equal((await getJson(`/api/v1/enrollments/${link.split('/').pop()}`)).status, 'confirmed');
      await assertAccessible(page, 'the private link page after promotion', '07-promoted');

      const ics = await downloadText(page, page.getByRole('link', { name: 'Legg samlingene i kalenderen (.ics)' }));
      assert.match(ics.name, /\.ics$/);
      assert.match(ics.text, /^BEGIN:VCALENDAR\r?\n/);
      assert.match(ics.text, /END:VCALENDAR\s*$/);
      assert.equal((ics.text.match(/^BEGIN:VEVENT/gm) || []).length, run.sessions.length,
        'one event per session of the run');
      assert.ok(ics.text.includes('Europe/Oslo'), 'times in Europe/Oslo');
    });

    // The course leader's view: they record attendance for the promoted person
    // (present at every session: completed) and for one of the others (absent
    // until 80 % is out of reach: the warning).
    const leader = { username: 'kursleder.reise', name: 'Kari Kursleder', password: 'et langt passord for kurslederen' };
    const runPath = `/ansatt/gjennomforing/${run.id}`;
    const rowStarts = (text, name) => new RegExp(`^${name}\\s`).test(text.trim());
    const csvName = (line) => line.split(';')[0].replace(/^"|"$/g, '');

    await step('5. a course leader signs in and records attendance', async () => {
      // Attendance is recorded only for sessions that have started (issue 12):
      // the run's sessions move a week into the past, keeping their order and lengths.
      const sessions = sqlRows(dbPath, `SELECT id, starts_at, ends_at FROM run_session WHERE run_id = ${run.id} ORDER BY starts_at`);
      const shift = Date.parse(sessions.at(-1).ends_at) - Date.now() + 7 * 24 * 3600 * 1000;
      const utc = (t) => new Date(Date.parse(t) - shift).toISOString().replace(/\.\d{3}Z$/, 'Z');
      for (const s of sessions)
        sqlValue(dbPath, `UPDATE run_session SET starts_at = '${utc(s.starts_at)}', ends_at = '${utc(s.ends_at)}' WHERE id = ${s.id}`);
      leader.id = addStaffAccount(leader.username, leader.name, `course_leader:course:${run.course_id}`, leader.password);

      // The staff pages send a person who is not signed in to the sign-in page.
      assert.equal((await page.goto(`${baseUrl}/ansatt`)).status(), 200);
      assert.equal(new URL(page.url()).pathname, '/innlogging');
      await page.getByRole('heading', { level: 1, name: 'Logg inn for ansatte' }).waitFor();
      await assertAccessible(page, 'the staff sign-in page', '08-sign-in');
      await page.getByLabel('Brukernavn').fill(leader.username);
      await page.getByLabel('Passord').fill(leader.password);
      await submitAndWait(page, page.getByRole('button', { name: 'Logg inn' }), (u) => u.pathname === '/ansatt');
      await page.getByRole('heading', { level: 1, name: 'Ansattside' }).waitFor();
      assert.match(await page.locator('main').innerText(), new RegExp(`Logget inn som\\s+${leader.name}`));
      assert.match(await page.getByRole('list', { name: 'Dine roller' }).innerText(), /Kursleder – kurs/);
      assert.match(await page.getByRole('list', { name: 'Dine roller' }).innerText(),
        new RegExp(`Kursleder – kurs: ${course.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`), 'the role names its course');
      assert.ok(await page.getByRole('region', { name: 'Gjennomføringer' })
        .getByRole('link', { name: course.title, exact: true }).count() >= 1, 'the course\'s runs are listed');
      await assertAccessible(page, 'the staff home page', '09-staff-home');

      // The way in is the staff home page: the run's date links to its page.
      await Promise.all([
        page.waitForURL((u) => u.pathname === runPath),
        page.locator(`main a[href="${runPath}"]`).click(),
      ]);
      await page.getByRole('heading', { level: 1, name: `Deltakere og oppmøte: ${run.course_title}` }).waitFor();
      const table = page.getByRole('region', { name: 'Deltakere og fullføring' }).getByRole('table');
      const rowNames = (await table.locator('tbody th[scope="row"]').allInnerTexts()).map((s) => s.trim());
      assert.ok(rowNames.some((n) => rowStarts(n, waiting.name)), `the promoted person is a participant: ${rowNames}`);
      assert.ok(!rowNames.some((n) => rowStarts(n, first.name)), 'the cancelled person is not');
      for (const b of bulk) assert.ok(rowNames.some((n) => rowStarts(n, b.name)), `${b.name} is a participant`);
      assert.equal(rowNames.length, run.confirmed + run.seats_left, 'every taken seat has a row');
      await assertAccessible(page, 'the staff run page', '10-staff-run');

      // Present at every session for the promoted person: one click each.
      for (let n = 1; n <= run.sessions.length; n++) {
        const button = page.getByRole('button', { name: `Til stede – ${waiting.name}, Samling ${n}`, exact: true });
        const anchor = await button.evaluate((b) => b.closest('li').id);
        await submitAndWait(page, button, (u) => u.pathname === runPath && u.hash === `#${anchor}`);
        assert.equal(await page.getByRole('button', { name: `Til stede – ${waiting.name}, Samling ${n}`, exact: true })
          .getAttribute('aria-pressed'), 'true', `present at session ${n} is shown as chosen`);
      }
      // Absent for another participant until 80 % cannot be reached any more.
      const other = bulk[0];
      assert.ok(other, 'someone signed up through the API to be absent');
      {
        let warned = false;
        for (let n = 1; n <= run.sessions.length && !warned; n++) {
          const button = page.getByRole('button', { name: `Fravær – ${other.name}, Samling ${n}`, exact: true });
          const anchor = await button.evaluate((b) => b.closest('li').id);
          await submitAndWait(page, button, (u) => u.pathname === runPath && u.hash === `#${anchor}`);
          warned = (await page.getByRole('status').filter({ hasText: 'Noen deltakere kan ikke lenger fullføre' }).count()) > 0;
        }
        assert.ok(warned, `absent at every session, ${other.name} cannot complete`);
      }

      // Reloaded: everything is kept.
      await page.reload();
      await page.waitForLoadState('load');
      for (let n = 1; n <= run.sessions.length; n++) {
        assert.equal(await page.getByRole('button', { name: `Til stede – ${waiting.name}, Samling ${n}`, exact: true })
          .getAttribute('aria-pressed'), 'true', `session ${n} kept after a reload`);
      }
      const rowOf = (name) => table.locator('tbody tr')
        .filter({ has: page.locator('th', { hasText: new RegExp(`^${name}\\s`) }) });
      assert.match(await rowOf(waiting.name).innerText(), /Fullført/);
      {
        const warning = page.getByRole('status').filter({ hasText: 'Noen deltakere kan ikke lenger fullføre' });
        assert.match(await warning.innerText(), /80\s%/);
        assert.match(await warning.innerText(), new RegExp(`Advarsel:\\s*${other.name}`));
        assert.match(await rowOf(other.name).innerText(), /Advarsel:\s*Kan ikke lenger nå 80\s%/);
        assert.equal(await page.getByRole('button', { name: `Fravær – ${other.name}, Samling 1`, exact: true })
          .getAttribute('aria-pressed'), 'true');
      }
      await assertAccessible(page, 'the staff run page with attendance and a warning', '11-staff-run-recorded');
      await page.locator('.kb-session').first().screenshot({ path: join(artifactsDir, 'journey-11-staff-run-session-1.png') });
      await assertMarkLayout(page, other.name);

      // The CSV export has what the page shows.
      const csv = await downloadText(page, page.getByRole('link', { name: 'CSV (Excel)' }));
      assert.equal(csv.name, `oppmote-${run.id}.csv`);
      const lines = csv.text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.length > 0);
      assert.match(lines[0], /^"?Navn"?[;,]/);
      assert.equal(lines.length, 1 + run.confirmed + run.seats_left, 'a header and a line per participant');
      const promotedLine = lines.find((l) => csvName(l) === waiting.name);
      assert.ok(promotedLine, `the CSV has ${waiting.name}`);
      assert.equal((promotedLine.match(/Til stede/g) || []).length, run.sessions.length);
      assert.match(promotedLine, /Fullført/);
      {
        const line = lines.find((l) => csvName(l) === other.name);
        assert.match(line, /Fravær/);
        assert.match(line, /Kan ikke lenger nå 80\s%/);
      }

      // The promoted person sees on their own page that the course leader looked.
      const own = await context.browser().newContext({ locale: 'nb-NO' });
      try {
        const p = await own.newPage();
        await p.goto(baseUrl + waiting.path);
        assert.match(await p.locator('#access-log').innerText(), new RegExp(leader.name));
      } finally {
        await own.close();
      }
    });

    await step('6. the staff run page on a phone (375 px)', async () => {
      await page.setViewportSize({ width: 375, height: 800 });
      assert.equal((await page.goto(baseUrl + runPath)).status(), 200);
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `no horizontal scrolling at 375 px on the staff run page (overflow ${overflow} px)`);
      await assertAccessible(page, 'the staff run page at 375 px', '12-staff-run-phone');
      await assertMarkLayout(page, bulk[0].name);
      // One click still records, at this width.
      const button = page.getByRole('button', { name: `Til stede – ${waiting.name}, Samling 1`, exact: true });
      assert.ok(await button.isVisible());
      const box = await button.boundingBox();
      assert.ok(box.x >= 0 && box.x + box.width <= 375, `the button fits the screen: ${JSON.stringify(box)}`);
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    await step('7. an auditor finds the course leader\'s records in the audit log', async () => {
      const auditor = { username: 'revisor.reise', name: 'Rita Revisor', password: 'et langt passord for revisoren' };
      addStaffAccount(auditor.username, auditor.name, 'auditor:nation', auditor.password);
      const staff = await newPage({ viewport: { width: 1280, height: 900 } });
      try {
        const p = staff.page;
        await p.goto(`${baseUrl}/ansatt/logg`);
        assert.equal(new URL(p.url()).pathname, '/innlogging');
        await p.getByLabel('Brukernavn').fill(auditor.username);
        await p.getByLabel('Passord').fill(auditor.password);
        await submitAndWait(p, p.getByRole('button', { name: 'Logg inn' }), (u) => u.pathname === '/ansatt/logg');
        // By the leader's name (the search is a POST form: the URL carries nothing).
        await p.getByLabel('Ansatt (navn)').fill(leader.name);
        // The answer is at the same URL: wait for the POST's page, not for the URL.
        const post = async (button) => {
          await Promise.all([
            p.waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname === '/ansatt/logg'),
            button.click(),
          ]);
          await p.waitForLoadState('load');
        };
        await post(p.getByRole('button', { name: 'Søk', exact: true }));
        assert.equal(new URL(p.url()).search, '', 'no criteria in the URL');
        assert.equal(await p.getByLabel('Ansatt (navn)').inputValue(), leader.name, 'the form keeps the criteria');
        // 50 to a page, newest first: the attendance records are behind the views.
        const rows = [];
        for (let page = 1; page <= 20; page++) {
          rows.push(...await p.getByRole('region', { name: /^Treff/ }).locator('tbody tr').allInnerTexts());
          if (page === 2) await assertAccessible(p, 'the audit search\'s second page', '13-audit-page-2');
          const next = p.getByRole('button', { name: 'Neste side' });
          if (await next.count() === 0) break;
          await post(next);
          assert.equal(await p.getByLabel('Ansatt (navn)').inputValue(), leader.name, 'each page keeps the criteria');
        }
        const records = run.sessions.length + 1;
        assert.ok(rows.filter((r) => r.includes('Registrerte oppmøte')).length >= records,
          `each attendance record is logged:\n${rows.join('\n')}`);
        assert.ok(rows.every((r) => r.includes(leader.name)), 'only the leader\'s entries');
        assert.ok(rows.every((r) => !/\b(run|enrollment) \d+/.test(r)), 'courses and persons by name, not ids');
        await assertAccessible(p, 'the staff audit search page', '13-audit');
        assert.deepEqual(staff.problems, [], 'no script errors or failed sub-resources');
      } finally {
        await staff.context.close();
      }
    });

    assert.equal(failedStep, null, 'every step of the journey passed');
    assert.deepEqual(problems, [], 'no script errors or failed sub-resources');
    assert.deepEqual(checkedPages.length, 15, `axe ran on every page of the journey: ${checkedPages.join(', ')}`);
  } finally {
    await context.close();
  }
});
