// Browser test of the public catalogue: a real Chromium (Debian) driven by
// playwright-core against the real `kursbase` binary on a free loopback port,
// with axe-core checking WCAG 2.1 A/AA on every kind of page.
//
// Environment (set by tests/CMakeLists.txt through ctest):
//   KURSBASE_BIN         the kursbase binary
//   KURSBASE_STATIC_DIR  the built static assets (Designsystemet CSS, kursbase.css)
//   KURSBASE_ARTIFACTS_DIR  optional: where screenshots go (default: a temp dir)
//   CHROMIUM_PATH        optional: the browser (default /usr/bin/chromium)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/catalogue.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { localToday, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible, launchChromium, newPage as newBrowserPage, submitAndWait,
  browserSuiteEnv, suiteDirs, tearDown, horizontalOverflow } from '../support/browser.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();

const { workDir, artifactsDir } = suiteDirs('kursbase-browser-');

let server = null;       // the running `kursbase serve`
let baseUrl = '';
let browser = null;

// ---------------------------------------------------------------- helpers

const newPage = (options) => newBrowserPage(browser, options);

async function shot(page, name) {
  const path = join(artifactsDir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

// "74 kurs" -> 74
async function resultCount(page) {
  const text = (await page.locator('#results-heading').innerText()).trim();
  const m = /^(\d[\d\s\u00a0]*) kurs$/.exec(text);
  assert.ok(m, `results heading should read "<n> kurs", was "${text}"`);
  return Number(m[1].replace(/\D/g, ''));
}

// "Digitalt (12)" -> 12
function countInLabel(text) {
  const m = /\((\d+)\)\s*$/.exec(text.trim());
  assert.ok(m, `label should end with a count in parentheses: "${text}"`);
  return Number(m[1]);
}

// Searches for "kols" and applies the "Digitalt" format filter; used by both
// the JavaScript and the no-JavaScript journeys.
async function searchKolsAndFilterDigital(page) {
  const first = await page.goto(`${baseUrl}/`);
  assert.equal(first.status(), 200);
  await assert.doesNotReject(page.getByRole('heading', { level: 1, name: 'Finn lærings- og mestringskurs' }).waitFor());
  const allCourses = await resultCount(page);
  assert.ok(allCourses > 100, `the whole demo catalogue should list many courses, got ${allCourses}`);

  // Free-text search.
  const searchBox = page.getByLabel('Søk etter kurs, diagnose eller sted');
  await searchBox.fill('kols');
  await submitAndWait(page, page.getByRole('button', { name: 'Søk', exact: true }),
    (u) => u.pathname === '/' && u.searchParams.get('q') === 'kols');
  const kols = await resultCount(page);
  assert.ok(kols > 0 && kols < allCourses, `"kols" should narrow ${allCourses} courses, got ${kols}`);
  assert.equal(await searchBox.inputValue(), 'kols', 'the search box keeps the query');
  const cards = page.locator('.kb-result');
  const shown = await cards.count();
  assert.ok(shown > 0 && shown <= kols, `result cards shown: ${shown}`);
  for (const text of await cards.allInnerTexts()) {
    assert.match(text, /kols/i, `every result of "kols" should mention KOLS:\n${text}`);
  }

  // Check a format checkbox and press "Bruk filter".
  const digital = page.getByRole('group', { name: 'Form' }).getByRole('checkbox', { name: /^Digitalt \(\d+\)$/ });
  const digitalLabel = await page.locator(`label[for="${await digital.getAttribute('id')}"]`).innerText();
  const expected = countInLabel(digitalLabel);
  assert.ok(expected > 0 && expected < kols, `"Digitalt" should be a real narrowing: ${expected} of ${kols}`);
  await digital.check();
  await submitAndWait(page, page.getByRole('button', { name: 'Bruk filter' }),
    (u) => u.searchParams.get('q') === 'kols' && u.searchParams.getAll('format').includes('digital'));
  const filtered = await resultCount(page);
  assert.equal(filtered, expected, 'the count after filtering matches the count shown beside the filter');
  assert.ok(await page.getByRole('checkbox', { name: /^Digitalt \(\d+\)$/ }).isChecked(),
    'the applied filter stays checked');
  for (const text of await page.locator('.kb-result').allInnerTexts()) {
    assert.match(text, /KOLS/i);
    assert.match(text, /\bDigitalt\b/, `every filtered result should be digital:\n${text}`);
  }
  return { allCourses, kols, filtered };
}

// ---------------------------------------------------------------- fixtures

before(async () => {
  // A fresh PostgreSQL database in the "postgres." variant (tests/support/with_fresh_postgres.sh).
  const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
  runDemo({ bin: BIN, database: dbPath, today: localToday(), timeoutMs: 60000 });
  server = await startKursbase({ bin: BIN, database: dbPath,
    args: ['--static-dir', STATIC_DIR] });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
});

after(() => tearDown({ browser, stops: [() => server?.stop()], workDir, artifactsDir }));

// ---------------------------------------------------------------- tests

test('search, filter, course and run pages work and look right', async () => {
  const { context, page, problems } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await searchKolsAndFilterDigital(page);

    // Styling: Designsystemet and our CSS are applied, and text is set in Inter.
    const style = await page.evaluate(() => {
      const cs = (sel) => getComputedStyle(document.querySelector(sel));
      return {
        sheets: [...document.styleSheets].map((s) => s.href && new URL(s.href).pathname),
        bodyFont: cs('body').fontFamily,
        buttonBg: cs('.ds-button[data-variant="primary"]').backgroundColor,
        cardRadius: cs('.kb-result').borderTopLeftRadius,
        headerBg: cs('.kb-header').backgroundColor,
        layoutColumns: cs('.kb-layout').gridTemplateColumns,
      };
    });
    assert.deepEqual(style.sheets, ['/static/ds/theme.css', '/static/ds/designsystemet.css', '/static/kursbase.css']);
    assert.match(style.bodyFont, /Inter/, `body font: ${style.bodyFont}`);
    assert.notEqual(style.buttonBg, 'rgba(0, 0, 0, 0)', 'primary button has a Designsystemet background');
    assert.notEqual(style.buttonBg, 'rgb(239, 239, 239)', 'primary button is not the browser default');
    assert.notEqual(style.cardRadius, '0px', 'cards have Designsystemet rounded corners');
    assert.equal(style.layoutColumns.split(' ').length, 2, `filters beside results on a wide screen: ${style.layoutColumns}`);
    // The fonts actually used to draw the text (not just asked for): Inter, no serif fallback.
    const cdp = await context.newCDPSession(page);
    await cdp.send('DOM.enable');
    await cdp.send('CSS.enable');
    const { root } = await cdp.send('DOM.getDocument');
    for (const selector of ['h1', '#results-heading', '.kb-result .ds-paragraph', 'label[for="field-q"]', '.ds-button']) {
      const { nodeId } = await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector });
      assert.ok(nodeId, `${selector} exists`);
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      const families = fonts.map((f) => f.familyName);
      assert.ok(families.length > 0 && families.every((f) => /^Inter/.test(f)),
        `${selector} should be drawn in Inter, was drawn in ${families.join(', ')}`);
    }
    await shot(page, '01-search-kols-digital');

    // Pick a health trust in the select and apply it.
    const hf = page.getByLabel('Helseforetak');
    const options = await hf.locator('option').evaluateAll((os) =>
      os.filter((o) => o.value).map((o) => ({ value: o.value, label: o.textContent.trim() })));
    const before = await resultCount(page);
    // Prefer an HF that narrows the list, so the assertion below means something.
    const option = options.find((o) => countInLabel(o.label) < before) ?? options[0];
    assert.ok(option, 'the demo data has digital KOLS courses run by a health trust');
    await hf.selectOption(option.value);
    await submitAndWait(page, page.getByRole('button', { name: 'Bruk filter' }),
      (u) => u.searchParams.get('hf') === option.value && u.searchParams.get('q') === 'kols'
        && u.searchParams.getAll('format').includes('digital'));
    assert.equal(await resultCount(page), countInLabel(option.label), `count after choosing ${option.label}`);
    assert.equal(await page.getByLabel('Helseforetak').inputValue(), option.value, 'the HF stays selected');
    const hfName = option.label.replace(/\s*\(\d+\)$/, '');
    for (const text of await page.locator('.kb-result .kb-meta').allInnerTexts()) {
      assert.ok(text.includes(hfName), `result should belong to ${hfName}: ${text}`);
    }
    await shot(page, '02-search-hf');
    // Back to the broader result list for a course with upcoming runs.
    await page.goBack();
    await page.waitForLoadState('load');

    // Open the first result that has an upcoming run.
    const card = page.locator('.kb-result').filter({ hasText: 'Neste oppstart:' }).first();
    const link = card.getByRole('heading', { level: 3 }).getByRole('link');
    const title = (await link.innerText()).trim();
    await submitAndWait(page, link, (u) => /^\/kurs\/\d+$/.test(u.pathname));
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor());
    assert.match(await page.title(), new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')));
    // Programme table: headers and at least one session row with hours.
    const programme = page.getByRole('table', { name: 'Program' });
    const headers = await programme.getByRole('columnheader').allInnerTexts();
    assert.deepEqual(headers.map((h) => h.trim()), ['Samling', 'Tema', 'Timer', 'Undervises av']);
    const rows = programme.locator('tbody tr');
    assert.ok(await rows.count() > 0, 'the programme lists its sessions');
    const firstRow = await rows.first().locator('td').allInnerTexts();
    assert.equal(firstRow[0].trim(), '1');
    assert.ok(firstRow[1].trim().length > 0, 'a session has a topic');
    assert.match(firstRow[2].trim(), /^\d+([.,]\d+)?$/, `hours: ${firstRow[2]}`);
    // Upcoming runs.
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Kommende og pågående kurs' }).waitFor());
    const runs = page.locator('.kb-run');
    assert.ok(await runs.count() > 0, 'the course lists its upcoming runs');
    assert.match(await runs.first().innerText(), /Påmeldingsfrist/);
    await shot(page, '03-course');

    // Open the first run: the next one open for sign-up leads (issue 12), with its date as the link.
    const runLink = runs.first().locator('a[href^="/gjennomforing/"]:not([href$="/pamelding"])').first();
    await submitAndWait(page, runLink, (u) => /^\/gjennomforing\/\d+$/.test(u.pathname));
    await assert.doesNotReject(page.getByRole('heading', { level: 1, name: title, exact: true }).waitFor());
    const sessions = page.getByRole('table', { name: 'Samlinger' });
    assert.ok(await sessions.locator('tbody tr').count() > 0, 'the run lists its sessions');
    await assert.doesNotReject(page.getByRole('heading', { level: 2, name: 'Påmelding' }).waitFor());
    const crumbs = page.getByRole('navigation', { name: 'Brødsmulesti' });
    assert.equal((await crumbs.getByRole('link', { name: title, exact: true }).count()), 1, 'breadcrumb back to the course');
    await shot(page, '04-run');

    // A narrow (phone) screen: one column, no horizontal scrolling on any page.
    const courseUrl = await crumbs.getByRole('link', { name: title, exact: true }).getAttribute('href');
    const runUrl = new URL(page.url()).pathname;
    await page.setViewportSize({ width: 375, height: 800 });
    for (const [name, path] of [['search', '/?q=kols'], ['course', courseUrl], ['run', runUrl]]) {
      assert.equal((await page.goto(`${baseUrl}${path}`)).status(), 200);
      const overflow = await horizontalOverflow(page);
      assert.ok(overflow <= 0, `no horizontal scrolling at 375 px on the ${name} page (overflow ${overflow} px)`);
      await page.screenshot({ path: join(artifactsDir, `05-mobile-${name}.png`) });
    }
    const columns = await page.goto(`${baseUrl}/?q=kols`).then(() =>
      page.locator('.kb-layout').evaluate((e) => getComputedStyle(e).gridTemplateColumns));
    assert.equal(columns.split(' ').length, 1, `one column on a phone: ${columns}`);
    await page.locator('.kb-result').first().screenshot({ path: join(artifactsDir, '05-mobile-result-card.png') });
    // On a phone the filters come first; a link lets people jump past them to the results.
    const skip = page.getByRole('link', { name: /^Gå forbi filtrene til treffene \(\d+ kurs\)$/ });
    assert.ok(await skip.isVisible(), 'the link past the filters shows on a phone');
    await skip.click();
    await page.waitForURL((u) => u.hash === '#results-heading');
    assert.ok(await page.locator('#results-heading').evaluate((h) => {
      const r = h.getBoundingClientRect();
      return r.top > -2 && r.top < window.innerHeight / 2;
    }), 'the results heading is scrolled into view');
    await page.setViewportSize({ width: 1280, height: 900 });
    assert.ok(!(await skip.isVisible()), 'no need for the link when filters sit beside the results');


    assert.deepEqual(problems, [], 'no script errors or failed sub-resources');
  } finally {
    await context.close();
  }
});

test('search and filter work without JavaScript', async () => {
  const { context, page, problems } = await newPage({ javaScriptEnabled: false });
  try {
    const { kols, filtered } = await searchKolsAndFilterDigital(page);
    assert.ok(filtered < kols);
    // Also the "Har ledige plasser" checkbox and a date range, through the plain form.
    const free = page.getByRole('checkbox', { name: /^Har ledige plasser \(\d+\)$/ });
    const expected = countInLabel(await page.locator('label[for="field-free_seats"]').innerText());
    await free.check();
    await submitAndWait(page, page.getByRole('button', { name: 'Bruk filter' }),
      (u) => u.searchParams.get('free_seats') === '1' && u.searchParams.getAll('format').includes('digital'));
    assert.equal(await resultCount(page), expected);
    // Pagination links keep the filters.
    await page.goto(`${baseUrl}/`);
    const next = page.getByRole('navigation', { name: 'Sider' }).getByRole('link', { name: 'Neste' });
    await submitAndWait(page, next, (u) => u.searchParams.get('page') === '2');
    assert.equal(await page.locator('[aria-current="page"]').innerText(), '2');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('a bad search answers 400 with an error summary', async () => {
  const { context, page } = await newPage({ javaScriptEnabled: false });
  try {
    const res = await page.goto(`${baseUrl}/?page=-1`);
    assert.equal(res.status(), 400);
    const summary = page.getByRole('alert');
    await assert.doesNotReject(summary.waitFor());
    assert.match(await summary.innerText(), /Sidenummeret må være et helt tall/);
    assert.match(await page.title(), /Feil/);
    await shot(page, '06-search-400');
  } finally {
    await context.close();
  }
});

test('WCAG 2.1 AA (axe-core): no violations on any kind of page', async (t) => {
  const { context, page } = await newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await t.test('search page', async () => {
      assert.equal((await page.goto(`${baseUrl}/`)).status(), 200);
      await assertAccessible(page, 'the search page');
    });
    await t.test('result page with filters', async () => {
      await searchKolsAndFilterDigital(page);
      await assertAccessible(page, 'a filtered result page');
    });
    let runUrl = null;
    let courseUrl = null;
    await t.test('course page', async () => {
      await page.goto(`${baseUrl}/?q=kols`);
      const link = page.locator('.kb-result').filter({ hasText: 'Neste oppstart:' }).first()
        .getByRole('heading', { level: 3 }).getByRole('link');
      await submitAndWait(page, link, (u) => /^\/kurs\/\d+$/.test(u.pathname));
      courseUrl = page.url();
      runUrl = await page.locator('.kb-run h3 a').first().getAttribute('href');
      await assertAccessible(page, 'a course page');
    });
    await t.test('run page', async () => {
      assert.ok(runUrl, 'a run link from the course page');
      assert.equal((await page.goto(new URL(runUrl, baseUrl).href)).status(), 200);
      await assertAccessible(page, 'a run page');
    });
    await t.test('search error (400)', async () => {
      assert.equal((await page.goto(`${baseUrl}/?page=-1`)).status(), 400);
      await assertAccessible(page, 'the search page in its error state');
    });
    await t.test('course and run pages on a phone', async () => {
      // At 375 px the tables scroll inside their own box, which must then be
      // reachable by keyboard (axe: scrollable-region-focusable).
      await page.setViewportSize({ width: 375, height: 800 });
      assert.equal((await page.goto(courseUrl)).status(), 200);
      await assertAccessible(page, 'a course page at 375 px');
      assert.equal((await page.goto(new URL(runUrl, baseUrl).href)).status(), 200);
      await assertAccessible(page, 'a run page at 375 px');
      await page.setViewportSize({ width: 1280, height: 900 });
    });
    await t.test('not found (404)', async () => {
      assert.equal((await page.goto(`${baseUrl}/kurs/999999999`)).status(), 404);
      await assertAccessible(page, 'the not-found page');
    });
  } finally {
    await context.close();
  }
});
