// The staff side of the waiting list and registration from a referral
// (issue 3) in a real Chromium (Debian) driven by playwright-core against the
// real `kursbase serve` on a free loopback port, with axe-core checking WCAG
// 2.1 A/AA on every page and every error state: a course leader moves a
// person (first without a reason: 422, the form kept, the error summary's
// link leads to the field), tries a capacity below the seats taken, and
// registers a person from a referral (first with a date in the future).
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN, KURSBASE_STATIC_DIR, KURSBASE_ARTIFACTS_DIR (optional), CHROMIUM_PATH (optional)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/waiting_list.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { localToday as today, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible as assertAxe, launchChromium, browserSuiteEnv, suiteDirs, tearDown }
  from '../support/browser.mjs';
import { jsonClient } from '../support/http.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();

const { workDir, artifactsDir } = suiteDirs('kursbase-waiting-list-');
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let server = null;
let baseUrl = '';
let browser = null;
const { signUp, smallestOpenRun } = jsonClient(() => baseUrl);

// An open run with a waiting list whose form asks no national ID number.
async function smallOpenRun() {
  const run = await smallestOpenRun();
  const form = await (await fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`)).text();
  assert.ok(!form.includes('id="field-national_id"'), 'the run asks no national ID number');
  return run;
}

const signUpByApi = (runId, n) =>
  signUp(runId, { name: `Venteperson ${n}`, email: `vente${n}@example.no` });

function addStaffAccount(username, name, role, password) {
  const out = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', username,
    '--name', name, '--role', role], { input: password, encoding: 'utf8', timeout: 30000 });
  assert.equal(out.status, 0, `kursbase user add ${username}:\n${out.stdout}\n${out.stderr}`);
}

const checkedPages = [];
async function assertAccessible(page, what, shotName) {
  await assertAxe(page, what);
  checkedPages.push(what);
  await page.screenshot({ path: join(artifactsDir, `waiting-list-${shotName}.png`), fullPage: true });
}

// Submits and waits for the answer's page; returns the document's HTTP status.
async function submit(page, button) {
  const [response] = await Promise.all([
    page.waitForResponse((r) => r.request().resourceType() === 'document' && r.request().method() === 'POST'),
    button.click(),
  ]);
  await page.waitForLoadState('load');
  return response.status();
}

before(async () => {
  runDemo({ bin: BIN, database: dbPath, today: today(), timeoutMs: 60000 });
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    args: ['--static-dir', STATIC_DIR],
    env: (url) => ({ KURSBASE_PUBLIC_URL: url, KURSBASE_SIGN_UP_LIMIT: '1000' }),
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

after(() => tearDown({ browser, stops: [() => server?.kill()], workDir, artifactsDir }));

test('a course leader moves, changes capacity and registers from a referral, all accessible', async () => {
  const run = await smallOpenRun();
  for (let i = 0; i < run.seats_left + 2; i++) await signUpByApi(run.id, i);
  const secondInLine = `Venteperson ${run.seats_left + 1}`;
  const leader = { username: 'kursleder.venteliste', password: 'et langt passord for kurslederen' };
  addStaffAccount(leader.username, 'Kari Kursleder', `course_leader:course:${run.course_id}`, leader.password);

  const context = await browser.newContext({ locale: 'nb-NO', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  try {
    const listPath = `/ansatt/gjennomforing/${run.id}/venteliste`;
    await page.goto(baseUrl + listPath);
    await page.getByLabel('Brukernavn').fill(leader.username);
    await page.getByLabel('Passord').fill(leader.password);
    await Promise.all([page.waitForURL((u) => u.pathname === listPath), page.getByRole('button', { name: 'Logg inn' }).click()]);
    await page.getByRole('heading', { level: 1, name: `Venteliste og plasser: ${run.course_title}` }).waitFor();
    const order = await page.getByRole('list', { name: 'Ventelisten i rekkefølge' }).locator(':scope > li strong').allInnerTexts();
    assert.deepEqual(order, [`Plass 1: Venteperson ${run.seats_left}`, `Plass 2: ${secondInLine}`]);
    await assertAccessible(page, 'the waiting-list page', '01-list');

    // Move the second in line to the front, first without a reason.
    const item = page.locator('li', { hasText: `Plass 2: ${secondInLine}` });
    await item.locator('summary').click();
    await item.getByLabel('Ny plass på ventelisten').fill('1');
    assert.equal(await submit(page, item.getByRole('button', { name: `Flytt – ${secondInLine}` })), 422);
    const summary = page.locator('.ds-error-summary');
    await summary.getByRole('link', { name: 'Oppgi en begrunnelse for flyttingen.' }).click();
    const reason = page.locator('li', { hasText: `Plass 2: ${secondInLine}` }).getByLabel('Begrunnelse for flyttingen (må fylles ut)');
    assert.ok(await reason.evaluate((el) => el === document.activeElement || location.hash === `#${el.id}`));
    assert.equal(await page.locator('li', { hasText: `Plass 2: ${secondInLine}` }).getByLabel('Ny plass på ventelisten').inputValue(), '1', 'the form is kept');
    await assertAccessible(page, 'the move form with an error', '02-move-error');
    await reason.fill('Hastesak fra fastlegen');
    assert.equal(await submit(page, page.getByRole('button', { name: `Flytt – ${secondInLine}` })), 303);
    await page.getByText('Personen er flyttet på ventelisten. Begrunnelsen er lagret.').waitFor();
    await page.getByText(/Flyttet fra plass 2 til 1 av Kari Kursleder\. Begrunnelse: Hastesak fra fastlegen/).waitFor();
    await assertAccessible(page, 'the waiting-list page after a move', '03-moved');

    // A capacity below the seats taken is refused; the number is kept.
    await page.getByLabel('Antall plasser', { exact: true }).fill('0');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Lagre antall plasser' })), 422);
    await page.locator('.ds-error-summary').getByRole('link', { name: 'Antall plasser kan ikke settes lavere enn antall påmeldte.' }).waitFor();
    assert.equal(await page.getByLabel('Antall plasser', { exact: true }).inputValue(), '0');
    await assertAccessible(page, 'the capacity form with an error', '04-capacity-error');

    // Registration from a referral, first with a date in the future.
    await page.goto(`${baseUrl}/ansatt/gjennomforing/${run.id}/henvisning`);
    await page.getByRole('heading', { level: 1, name: `Registrer person fra henvisning: ${run.course_title}` }).waitFor();
    await assertAccessible(page, 'the referral form', '05-referral');
    await page.getByLabel('Fullt navn (må fylles ut)').fill('Henvist Pasient');
    await page.getByLabel('E-post', { exact: true }).fill('henvist@example.no');
    await page.getByLabel('Henvisningsdato (må fylles ut)').fill('2099-01-01');
    await page.getByLabel('Henvisende lege (må fylles ut)').fill('Dr. Lege');
    await page.getByLabel('Legens HPR-nummer (valgfritt)').fill('1234567');
    assert.equal(await submit(page, page.getByRole('button', { name: 'Registrer' })), 422);
    await page.locator('.ds-error-summary').getByRole('link', { name: /^Henvisningsdatoen må være/ }).click();
    await page.waitForURL((u) => u.hash === '#field-referral_date');
    assert.equal(await page.getByLabel('Fullt navn (må fylles ut)').inputValue(), 'Henvist Pasient', 'the form is kept');
    await assertAccessible(page, 'the referral form with an error', '06-referral-error');
    await page.getByLabel('Henvisningsdato (må fylles ut)').fill(today());
    assert.equal(await submit(page, page.getByRole('button', { name: 'Registrer' })), 303);
    await page.getByText('Personen er registrert.').waitFor();
    await page.getByText(/Henvist .* av Dr\. Lege \(HPR-nr\. 1234567\)/).first().waitFor();
    await assertAccessible(page, 'the waiting-list page after a registration', '07-registered');
    assert.deepEqual(errors, [], 'no script errors');
    assert.equal(checkedPages.length, 7);
  } finally {
    await context.close();
  }
});
