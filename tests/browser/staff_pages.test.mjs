// The staff pages of issue 12 in a real Chromium (Debian) driven by
// playwright-core against the real `kursbase serve`, axe-core checking WCAG
// 2.1 A/AA on every state: an LMS advisor of an HF with many runs signs in,
// sees role labels that name the HF, walks the start page's filters
// (upcoming, this month, needs attention) and the title search, opens a run
// whose participant asked for an interpreter and wrote a need, and finds them
// in the needs column with a highlighted marker; the staff bar's sign-out works.
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN, KURSBASE_STATIC_DIR, KURSBASE_ARTIFACTS_DIR (optional), CHROMIUM_PATH (optional)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/staff_pages.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { localToday as today, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible as assertAxe, launchChromium, newPage, browserSuiteEnv, suiteDirs,
  submitAndWait, tearDown } from '../support/browser.mjs';
import { jsonClient } from '../support/http.mjs';
import { sqlRows } from '../support/sql.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();
const { workDir, artifactsDir } = suiteDirs('kursbase-staff-pages-');
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');

let server = null;
let baseUrl = '';
let browser = null;
const { signUp, smallestOpenRun } = jsonClient(() => baseUrl);

const advisor = { username: 'radgiver.hf', name: 'Rita Rådgiver', password: 'et langt passord for rådgiveren' };

function addStaffAccount(username, name, role, password) {
  const out = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', username,
    '--name', name, '--role', role], { input: password, encoding: 'utf8', timeout: 30000 });
  assert.equal(out.status, 0, `kursbase user add ${username}:\n${out.stdout}\n${out.stderr}`);
}

// The HF above a course's owner, found by walking up the organisation tree.
function healthTrustOf(courseId) {
  let [{ owner_id: org }] = sqlRows(dbPath, `SELECT owner_id FROM course WHERE id = ${courseId}`);
  for (let depth = 0; depth < 16 && org != null; depth++) {
    const [row] = sqlRows(dbPath, `SELECT id, kind, name, parent_id FROM organisation WHERE id = ${org}`);
    if (row.kind === 'health_trust') return row;
    org = row.parent_id;
  }
  assert.fail(`course ${courseId} lies under no HF`);
}

async function assertAccessible(page, what, shot) {
  await assertAxe(page, what);
  await page.screenshot({ path: join(artifactsDir, `staff-pages-${shot}.png`), fullPage: true });
}

// The rows of the start page's run table: status label and attention tags.
async function runRows(page) {
  const table = page.getByRole('region', { name: 'Gjennomføringer' }).getByRole('table');
  if (await table.count() === 0) return [];
  return table.locator('tbody tr').evaluateAll((rows) => rows.map((r) => ({
    run: r.dataset.run,
    status: r.dataset.status,
    course: r.querySelector('th').innerText.trim(),
    attention: [...r.querySelectorAll('td:last-child .ds-tag')].map((t) => t.innerText.trim()),
  })));
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

test('an HF advisor filters the start page and sees what participants asked for, all accessible', async () => {
  const run = await smallestOpenRun();
  await signUp(run.id, { name: 'Nora Behov', email: 'nora.behov@example.no', mobile: '+4791234567',
    interpreter_language: 'arabisk', needs: 'Rullestol, trenger heis' });
  const hf = healthTrustOf(run.course_id);
  addStaffAccount(advisor.username, advisor.name, `lms_advisor:health_trust:${hf.id}`, advisor.password);

  const { context, page, problems } = await newPage(browser, { viewport: { width: 1280, height: 900 } });
  try {
    await page.goto(`${baseUrl}/ansatt`);
    await page.getByLabel('Brukernavn').fill(advisor.username);
    await page.getByLabel('Passord').fill(advisor.password);
    await submitAndWait(page, page.getByRole('button', { name: 'Logg inn' }), (u) => u.pathname === '/ansatt');
    await page.getByRole('heading', { level: 1, name: 'Ansattside' }).waitFor();
    const roles = await page.getByRole('list', { name: 'Dine roller' }).innerText();
    assert.equal(roles.trim(), `LMS-rådgiver – helseforetak: ${hf.name}`, 'the role names the HF, not its id');
    const bar = page.getByRole('navigation', { name: 'Ansatt', exact: true });
    assert.match(await bar.innerText(), new RegExp(`Logget inn som\\s+${advisor.name}`));
    assert.equal(await bar.getByRole('button', { name: 'Logg ut' }).count(), 1);
    const all = await runRows(page);
    assert.ok(all.length > 0, 'the HF has runs');
    await assertAccessible(page, 'the staff start page', '01-home');

    // Upcoming: nothing that has started, ended or been cancelled.
    await submitAndWait(page, page.getByRole('link', { name: 'Kommende', exact: true }), (u) => u.searchParams.get('vis') === 'upcoming');
    assert.equal(await page.getByRole('link', { name: 'Kommende', exact: true }).getAttribute('aria-current'), 'page');
    const upcoming = await runRows(page);
    assert.ok(upcoming.length > 0, 'some runs are upcoming');
    for (const r of upcoming) assert.ok(['open', 'full', 'closed'].includes(r.status), `upcoming run ${r.run} is ${r.status}`);
    await assertAccessible(page, 'the start page: upcoming', '02-upcoming');

    await submitAndWait(page, page.getByRole('link', { name: 'Denne måneden', exact: true }), (u) => u.searchParams.get('vis') === 'this_month');
    for (const r of await runRows(page)) assert.notEqual(r.status, 'cancelled');
    await assertAccessible(page, 'the start page: this month', '03-this-month');

    await submitAndWait(page, page.getByRole('link', { name: /^Trenger oppfølging/ }), (u) => u.searchParams.get('vis') === 'needs_attention');
    const attention = await runRows(page);
    assert.ok(attention.length > 0, 'some runs need attention (the demo has runs with few sign-ups)');
    for (const r of attention) assert.ok(r.attention.length > 0, `run ${r.run} says why it needs attention`);
    await assertAccessible(page, 'the start page: needs attention', '04-attention');

    // Search over course titles, with the filter kept.
    await submitAndWait(page, page.getByRole('link', { name: 'Alle', exact: true }), (u) => !u.searchParams.get('vis'));
    await page.getByLabel('Søk i kurstittel').fill(run.course_title.toLowerCase());
    await submitAndWait(page, page.getByRole('button', { name: 'Søk', exact: true }), (u) => u.searchParams.get('q') !== null);
    const found = await runRows(page);
    assert.ok(found.some((r) => Number(r.run) === run.id), 'the run is found by its course title');
    for (const r of found) assert.ok(r.course.toLowerCase().includes(run.course_title.toLowerCase()), `${r.course} matches`);
    await assertAccessible(page, 'the start page: a title search', '05-search');

    // The run page: the needs column and the highlighted marker.
    await submitAndWait(page, page.locator(`a[href="/ansatt/gjennomforing/${run.id}"]`).first(),
      (u) => u.pathname === `/ansatt/gjennomforing/${run.id}`);
    const alert = page.getByRole('status').filter({ hasText: 'Behov og tolk som deltakerne skrev ved påmeldingen' });
    assert.match(await alert.innerText(), /Nora Behov:\s*Tolk: arabisk\s*Behov: Rullestol, trenger heis/);
    const table = page.getByRole('region', { name: 'Deltakere og fullføring' }).getByRole('table');
    assert.equal(await table.getByRole('columnheader', { name: 'Behov og tolk' }).count(), 1);
    const row = table.locator('tbody tr', { hasText: 'Nora Behov' });
    assert.equal((await row.locator('.ds-tag[data-color="warning"]', { hasText: 'Tolk: arabisk' }).count()), 1);
    assert.match(await row.innerText(), /Rullestol, trenger heis/);
    assert.equal(await row.getByRole('link', { name: 'nora.behov@example.no' }).getAttribute('href'), 'mailto:nora.behov@example.no');
    assert.equal(await row.getByRole('link', { name: '+4791234567' }).getAttribute('href'), 'tel:+4791234567');
    assert.equal(await page.getByRole('navigation', { name: 'Ansatt', exact: true }).getByRole('button', { name: 'Logg ut' }).count(), 1);
    await assertAccessible(page, 'the run page with needs and an interpreter', '06-run-needs');

    // Sign-out from the staff bar.
    await submitAndWait(page, page.getByRole('navigation', { name: 'Ansatt', exact: true }).getByRole('button', { name: 'Logg ut' }),
      (u) => u.pathname === '/innlogging');
    await page.getByText('Du er logget ut.').waitFor();
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});
