// The pages the public sector must have (issue 12): /om, /tilgjengelighet and
// /personvern, in a real Chromium (Debian) driven by playwright-core against
// the real `kursbase serve`, axe-core checking WCAG 2.1 A/AA on each. The
// server runs with a retention and a reminder that are not the defaults
// (37 months, 5 days), so a number copied into a text instead of read from
// the settings fails: the privacy notice and the sign-up form's consent box
// must both say 37. Also: the footer of every kind of page links the three
// pages, the forms that collect personal data (sign-up, staff registration)
// link /personvern, and the pages work without JavaScript.
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN, KURSBASE_STATIC_DIR, KURSBASE_ARTIFACTS_DIR (optional), CHROMIUM_PATH (optional)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/public_pages.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { localToday, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible, launchChromium, newPage as newBrowserPage, submitAndWait,
  browserSuiteEnv, suiteDirs, tearDown } from '../support/browser.mjs';
import { jsonClient } from '../support/http.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();
const { workDir, artifactsDir } = suiteDirs('kursbase-public-pages-');
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

// Not the defaults (60 and 3, config/config.hpp): only read settings show these.
const RETENTION_MONTHS = 37;
const REMINDER_DAYS = 5;

let server = null;
let baseUrl = '';
let browser = null;
const { getJson, smallestOpenRun } = jsonClient(() => baseUrl);

const newPage = (options) => newBrowserPage(browser, options);
const shot = (page, name) =>
  page.screenshot({ path: join(artifactsDir, `public-pages-${name}.png`), fullPage: true });

const FOOTER_LINKS = [
  { name: 'Om Læring og mestring', href: '/om', heading: 'Om Læring og mestring' },
  { name: 'Tilgjengelighetserklæring', href: '/tilgjengelighet', heading: 'Tilgjengelighetserklæring' },
  { name: 'Personvernerklæring', href: '/personvern', heading: 'Personvernerklæring' },
];

// The footer's navigation of the page shown: each of the three links, by name and target.
async function assertFooterLinks(page, what) {
  const footer = page.getByRole('contentinfo').getByRole('navigation', { name: 'Om nettstedet' });
  for (const l of FOOTER_LINKS) {
    const link = footer.getByRole('link', { name: l.name, exact: true });
    assert.equal(await link.count(), 1, `the footer of ${what} links "${l.name}"`);
    assert.equal(await link.getAttribute('href'), l.href, `"${l.name}" on ${what}`);
  }
}

// "… lagres i 37 måneder etter kursets siste samling …" -> 37
function retentionIn(text) {
  const m = /lagres i (\d+) måneder etter kursets siste samling/.exec(text);
  assert.ok(m, `the text should state the retention in months:\n${text}`);
  return Number(m[1]);
}

function addStaffAccount(username, name, role, password) {
  const out = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', username,
    '--name', name, '--role', role], { input: password, encoding: 'utf8', timeout: 30000 });
  assert.equal(out.status, 0, `kursbase user add ${username}:\n${out.stdout}\n${out.stderr}`);
}

before(async () => {
  runDemo({ bin: BIN, database: dbPath, today: localToday(), timeoutMs: 60000 });
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    args: ['--static-dir', STATIC_DIR],
    env: {
      KURSBASE_RETENTION_MONTHS: String(RETENTION_MONTHS),
      KURSBASE_REMINDER_DAYS: String(REMINDER_DAYS),
    },
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

after(() => tearDown({ browser, stops: [() => server?.stop()], workDir, artifactsDir }));

test('the footer of every kind of public page links about, accessibility and privacy, and they open', async () => {
  const run = await smallestOpenRun();
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    for (const [what, path] of [['the search page', '/'], ['a course page', `/kurs/${run.course_id}`],
      ['a run page', `/gjennomforing/${run.id}`], ['the sign-up form', `/gjennomforing/${run.id}/pamelding`],
      ['the sign-in page', '/innlogging']]) {
      const res = await page.goto(baseUrl + path);
      assert.equal(res.status(), 200, `GET ${path}`);
      await assertFooterLinks(page, what);
    }
    // Follow each from the search page, as a person would.
    for (const l of FOOTER_LINKS) {
      await page.goto(`${baseUrl}/`);
      await submitAndWait(page, page.getByRole('contentinfo').getByRole('link', { name: l.name, exact: true }),
        (u) => u.pathname === l.href);
      await page.getByRole('heading', { level: 1, name: l.heading }).waitFor();
      await assertFooterLinks(page, l.href);
    }
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('/personvern names the controller, the data, the configured retention, the basis, rights and Datatilsynet', async () => {
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const res = await page.goto(`${baseUrl}/personvern`);
    assert.equal(res.status(), 200);
    assert.equal(await page.title(), 'Personvernerklæring – Læring og mestring');
    const main = page.locator('main');
    const text = await main.innerText();
    assert.equal(retentionIn(text), RETENTION_MONTHS, 'the retention of the settings, not the default');
    assert.match(text, new RegExp(`påminnelse ${REMINDER_DAYS} dager før første samling`));
    assert.match(text, /Behandlingsansvarlig er helseforetaket \(HF\) eller kommunen som arrangerer kurset/);
    for (const kept of ['Navnet ditt', 'Fødselsnummer eller D-nummer', 'lagres kryptert', 'tolk', 'oppmøte på hver samling']) {
      assert.ok(text.includes(kept), `the notice says what is kept: "${kept}"`);
    }
    assert.match(text, /artikkel 6 nr\. 1 bokstav e/);
    assert.match(text, /artikkel 9 nr\. 2 bokstav h/);
    assert.match(text, /spesialisthelsetjenesteloven § 3-8/);
    for (const right of ['innsyn', 'rettet', 'slettet', 'protestere']) {
      assert.ok(text.includes(right), `the notice names the right: ${right}`);
    }
    assert.match(text, /hvilke ansatte som har sett opplysningene dine/, 'who has seen my data, by the private link');
    assert.match(text, /husker nettleseren den i 2 timer/, 'the private-link cookie lifetime');
    const complaint = page.getByRole('link', { name: 'Datatilsynet (datatilsynet.no)' });
    assert.equal(await complaint.getAttribute('href'), 'https://www.datatilsynet.no/');
    await assertAccessible(page, '/personvern');
    await shot(page, 'personvern');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('/tilgjengelighet states the standard, the status, what is checked, deviations, feedback, the authority and a date', async () => {
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const res = await page.goto(`${baseUrl}/tilgjengelighet`);
    assert.equal(res.status(), 200);
    await page.getByRole('heading', { level: 1, name: 'Tilgjengelighetserklæring' }).waitFor();
    const text = await page.locator('main').innerText();
    assert.match(text, /WCAG\) 2\.1 på nivå A og AA/);
    assert.match(text, /forskrift om universell utforming/);
    assert.match(text, /likestillings- og diskrimineringsloven/);
    assert.match(text, /Nettstedet oppfyller kravene delvis/, 'an honest status, not "fully"');
    assert.match(text, /axe-core/);
    assert.match(text, /Manuell testing .* er ikke gjort systematisk/);
    assert.match(text, /Kjente avvik/);
    assert.match(text, /Kontakt arrangøren av kurset/);
    assert.match(text, /Erklæringen ble skrevet \d{1,2}\. \p{L}+ \d{4}\./u, 'the statement is dated');
    const authority = page.getByRole('link', { name: 'Tilsynet for universell utforming av IKT (uutilsynet.no)' });
    assert.equal(await authority.getAttribute('href'), 'https://www.uutilsynet.no/');
    for (const h of ['Hvilke krav gjelder', 'Hvor godt kravene er oppfylt', 'Hva som er kontrollert',
      'Kjente avvik og begrensninger', 'Gi tilbakemelding', 'Klage til tilsynet']) {
      await page.getByRole('heading', { level: 2, name: h }).waitFor();
    }
    await assertAccessible(page, '/tilgjengelighet');
    await shot(page, 'tilgjengelighet');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('/om says what the site is and who runs the courses, and links the other two pages', async () => {
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const res = await page.goto(`${baseUrl}/om`);
    assert.equal(res.status(), 200);
    const main = page.locator('main');
    const text = await main.innerText();
    assert.match(text, /nasjonal oversikt over lærings- og mestringskurs/);
    assert.match(text, /lærings- og mestringssentrene \(LMS\) i helseforetakene/);
    assert.equal(await main.getByRole('link', { name: /^Personvernerklæring/ }).getAttribute('href'), '/personvern');
    assert.equal(await main.getByRole('link', { name: /^Tilgjengelighetserklæring/ }).getAttribute('href'), '/tilgjengelighet');
    await assertAccessible(page, '/om');
    await shot(page, 'om');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the sign-up form states the configured retention, the same as /personvern, and links it', async () => {
  const run = await smallestOpenRun();
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${baseUrl}/gjennomforing/${run.id}/pamelding`);
    const consent = page.getByRole('checkbox', { name: /^Jeg samtykker/ });
    const label = await page.locator(`label[for="${await consent.getAttribute('id')}"]`).innerText();
    const onForm = retentionIn(label);
    assert.equal(onForm, RETENTION_MONTHS, 'the consent box states the configured retention');
    const link = page.locator('form').getByRole('link', { name: /^Les personvernerklæringen/ });
    assert.equal(await link.getAttribute('href'), '/personvern');
    await assertAccessible(page, 'the sign-up form');
    await shot(page, 'form');
    await submitAndWait(page, link, (u) => u.pathname === '/personvern');
    assert.equal(retentionIn(await page.locator('main').innerText()), onForm,
      'the form and the privacy notice give the same number');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the run page names its organiser, whom the privacy notice calls the data controller', async () => {
  const run = await smallestOpenRun();
  const course = await getJson(`/api/v1/courses/${run.course_id}`);
  const { context, page } = await newPage();
  try {
    await page.goto(`${baseUrl}/kurs/${run.course_id}`);
    const onCourse = (await page.locator('.kb-facts dt:text-is("Arrangør") + dd').innerText()).trim();
    await page.goto(`${baseUrl}/gjennomforing/${run.id}`);
    const onRun = (await page.locator('.kb-facts dt:text-is("Arrangør") + dd').innerText()).trim();
    assert.ok(onRun.length > 0, `the run of "${course.title}" names its organiser`);
    // The course page may repeat an HF that owns the course itself; the run page does not.
    assert.ok(onCourse.startsWith(onRun.split(',')[0]), `run: "${onRun}", course: "${onCourse}"`);
  } finally {
    await context.close();
  }
});

test('the staff registration form links /personvern', async () => {
  const run = await smallestOpenRun();
  const leader = { username: 'kursleder.personvern', password: 'et langt passord for kurslederen' };
  addStaffAccount(leader.username, 'Kari Kursleder', `course_leader:course:${run.course_id}`, leader.password);
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    const path = `/ansatt/gjennomforing/${run.id}/henvisning`;
    await page.goto(baseUrl + path);
    await page.getByLabel('Brukernavn').fill(leader.username);
    await page.getByLabel('Passord').fill(leader.password);
    await submitAndWait(page, page.getByRole('button', { name: 'Logg inn' }), (u) => u.pathname === path);
    await page.getByRole('heading', { level: 1, name: /^Registrer person fra henvisning/ }).waitFor();
    const link = page.locator('main').getByRole('link', { name: /^Personvernerklæringen sier deltakerne/ });
    assert.equal(await link.getAttribute('href'), '/personvern');
    await assertFooterLinks(page, 'the staff registration form');
    await assertAccessible(page, 'the staff registration form');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('the three pages work without JavaScript', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  try {
    await page.goto(`${baseUrl}/`);
    for (const l of FOOTER_LINKS) {
      await page.goto(`${baseUrl}/`);
      await submitAndWait(page, page.getByRole('contentinfo').getByRole('link', { name: l.name, exact: true }),
        (u) => u.pathname === l.href);
      await page.getByRole('heading', { level: 1, name: l.heading }).waitFor();
    }
    assert.equal(retentionIn(await page.locator('main').innerText()), RETENTION_MONTHS);
  } finally {
    await context.close();
  }
});
