// The page languages of issue 13 in a real Chromium (Debian) driven by
// playwright-core against the real `kursbase serve`, axe-core checking WCAG
// 2.1 A/AA at the default width and at 375 px:
//   - the search page, a course page, the sign-up form (filled and sent), the
//     received answer and the private-link page (the link from the mail in the
//     SMTP sink) in each of nynorsk, English and North Sami;
//   - the language switch in the header: one entry per offered language, the
//     current one marked with aria-current, the others links to the same page
//     and query in that language; the choice is kept in a cookie;
//   - Accept-Language (with q-values) chooses when neither the URL nor the
//     cookie does, and a ?lang= link wins over it;
//   - <link rel="alternate" hreflang> on public pages, absolute, one per
//     offered language and x-default; none on a private-link or staff page;
//   - two staff pages (the staff home page and a run page) in nynorsk and
//     English; the staff pages offer no Sami;
//   - the lang attributes match the text: the page's texts are those of the
//     catalogue of <html lang> (src/web/i18n/{lang}*.json, read by the test),
//     and a course text (title, summary, programme) in another language than
//     the page's carries its own lang: the reader's text when the course has
//     one, else its bokmål one, else its own (a course with texts in more
//     languages has a test of its own).
//
// Environment (set by tests/browser/CMakeLists.txt through ctest):
//   KURSBASE_BIN, KURSBASE_STATIC_DIR, KURSBASE_SOURCE_DIR (optional: the source
//   tree, for the catalogues), KURSBASE_ARTIFACTS_DIR (optional), CHROMIUM_PATH (optional)
//
// Run by hand:  KURSBASE_BIN=build/kursbase KURSBASE_STATIC_DIR=build/static \
//               node --test tests/browser/languages.test.mjs

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { localToday as today, runDemo, startKursbase } from '../support/server.mjs';
import { assertAccessible as assertAxe, launchChromium, newPage as newBrowserPage,
  browserSuiteEnv, suiteDirs, submitAndWait, tearDown, horizontalOverflow } from '../support/browser.mjs';
import { jsonClient } from '../support/http.mjs';
import { mailingServerEnv, startSmtpSink } from '../support/smtp_sink.mjs';
import { sqlValue } from '../support/sql.mjs';

const { bin: BIN, staticDir: STATIC_DIR } = browserSuiteEnv();
const { workDir, artifactsDir } = suiteDirs('kursbase-languages-');
// A PostgreSQL URL under ctest's postgres.* variant (tests/support/with_fresh_postgres.sh).
const dbPath = process.env.KURSBASE_TEST_DATABASE_URL || join(workDir, 'kursbase.db');
const SOURCE = process.env.KURSBASE_SOURCE_DIR || join(import.meta.dirname, '..', '..');
const I18N = join(SOURCE, 'src', 'web', 'i18n');

// The languages' own names, as the switch writes them.
const NAMES = { nb: 'Norsk bokmål', nn: 'Norsk nynorsk', en: 'English', se: 'Davvisámegiella' };
const PUBLIC_LANGUAGES = ['nb', 'nn', 'en', 'se'];
const STAFF_LANGUAGES = ['nb', 'nn', 'en'];

let sink = null;
let server = null;
let baseUrl = '';
let browser = null;
let run = null;  // the open run everybody signs up for
const { getJson, enroll, smallestOpenRun } = jsonClient(() => baseUrl);

// ---------------------------------------------------------------- catalogues

// A language's messages: {lang}.json and every {lang}.{feature}.json, merged.
const catalogues = {};
function catalogue(lang) {
  if (!catalogues[lang]) {
    const files = readdirSync(I18N).filter((f) => f === `${lang}.json` ||
      (f.startsWith(`${lang}.`) && f.endsWith('.json') && f.split('.').length === 3));
    assert.ok(files.includes(`${lang}.json`), `the catalogue ${lang}.json in ${I18N}`);
    catalogues[lang] = Object.assign({}, ...files.sort()
      .map((f) => JSON.parse(readFileSync(join(I18N, f), 'utf8'))));
  }
  return catalogues[lang];
}

// The text of `key` in `lang`'s catalogue: it must be there (no fallback to
// another language's text), and plain (no tags) so that it is what the page shows.
function t(lang, key) {
  const text = catalogue(lang)[key];
  assert.equal(typeof text, 'string', `${lang}: the catalogue has "${key}"`);
  assert.doesNotMatch(text, /\{\{|<[a-z]/i, `${lang}: "${key}" is plain text`);
  return text;
}

const escapeRegExp = (s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

// ---------------------------------------------------------------- helpers

const newPage = (options = {}) =>
  newBrowserPage(browser, { viewport: { width: 1280, height: 900 }, ...options });

// The language an element's text is read in: its nearest lang attribute.
const languageOf = (locator) => locator.evaluate((el) => el.closest('[lang]')?.getAttribute('lang') ?? null);

// The element shows `key` of `lang`'s catalogue and is read in `lang`.
async function assertText(locator, lang, key, what) {
  assert.equal((await locator.innerText()).trim(), t(lang, key), `${what}: the ${lang} text of ${key}`);
  assert.equal(await languageOf(locator), lang, `${what}: read as ${lang}`);
}

// "<catalogue text>: <course title>", the text read in `lang`, the title in bokmål.
async function assertTitledHeading(page, lang, key, title, what) {
  const h1 = page.getByRole('heading', { level: 1 });
  assert.equal((await h1.innerText()).trim(), `${t(lang, key)}: ${title}`, `${what}: the heading`);
  assert.equal(await languageOf(h1), lang, `${what}: the heading is read as ${lang}`);
  await assertBokmalTitle(h1.locator('span'), lang, `${what}: the course title in the heading`);
}

// The language a reader of `lang` sees a course's text in, from its JSON
// (domain/catalogue/course_translation.hpp): theirs when the course has it,
// else bokmål, else the course's own.
function shownLanguage(course, lang) {
  const has = (l) => course.text_language === l || course.translations.some((t) => t.language === l);
  return has(lang) ? lang : has('nb') ? 'nb' : course.text_language;
}

// A course text written in bokmål: marked lang="nb" on a page in another language.
async function assertBokmalTitle(locator, pageLang, what) {
  assert.equal(await locator.count(), 1, `${what}: there`);
  if (pageLang === 'nb') return;
  assert.equal(await languageOf(locator), 'nb', `${what}: a bokmål text on a ${pageLang} page carries lang="nb"`);
}

// The page is in `lang`: <html lang>, Content-Language (when the response is
// given), and the header's language switch lists `offered`, the current one
// marked, each other one a link to this page and query in that language.
async function assertLanguage(page, lang, offered, what, response = null) {
  assert.equal(await page.locator('html').getAttribute('lang'), lang, `${what}: <html lang>`);
  if (response) assert.equal(response.headers()['content-language'], lang, `${what}: Content-Language`);
  const nav = page.locator('header nav.kb-languages');
  assert.equal(await nav.count(), 1, `${what}: the language switch`);
  assert.equal(await nav.getAttribute('aria-label'), t(lang, 'site.language_nav'), `${what}: the switch's name`);
  const entries = await nav.locator('li').evaluateAll((lis) => lis.map((li) => {
    const el = li.firstElementChild;
    return { tag: el?.localName, lang: el?.getAttribute('lang'), hreflang: el?.getAttribute('hreflang'),
      current: el?.getAttribute('aria-current'), href: el?.getAttribute('href'), text: li.innerText.trim() };
  }));
  assert.deepEqual(entries.map((e) => e.lang), offered, `${what}: the languages offered`);
  const here = new URL(page.url());
  for (const e of entries) {
    assert.equal(e.text, NAMES[e.lang], `${what}: the switch names ${e.lang} in ${e.lang}`);
    if (e.lang === lang) {
      assert.deepEqual([e.tag, e.current, e.href], ['span', 'true', null], `${what}: ${lang} is the current one`);
      continue;
    }
    assert.deepEqual([e.tag, e.current, e.hreflang], ['a', null, e.lang], `${what}: ${e.lang} is a link`);
    const href = new URL(e.href, here);
    assert.equal(href.pathname, here.pathname, `${what}: the ${e.lang} link is this page`);
    assert.equal(href.searchParams.get('lang'), e.lang, `${what}: the ${e.lang} link says lang=${e.lang}`);
    const rest = (u) => [...u.searchParams].filter(([k]) => k !== 'lang').sort().join('&');
    assert.equal(rest(href), rest(here), `${what}: the ${e.lang} link keeps the query`);
  }
}

// The hreflang alternates in the head: [{ hreflang, href }].
const alternates = (page) => page.locator('head link[rel="alternate"][hreflang]')
  .evaluateAll((links) => links.map((l) => ({ hreflang: l.getAttribute('hreflang'), href: l.getAttribute('href') })));

async function assertNoAlternates(page, what) {
  assert.deepEqual(await alternates(page), [], `${what}: no hreflang alternates`);
}

// axe at the default width and at 375 px (no horizontal scrolling there
// either), with a screenshot of each.
async function assertAccessible(page, what, shot) {
  await assertAxe(page, what);
  await page.screenshot({ path: join(artifactsDir, `languages-${shot}.png`), fullPage: true });
  const size = page.viewportSize();
  await page.setViewportSize({ width: 375, height: 800 });
  try {
    const overflow = await horizontalOverflow(page);
    assert.ok(overflow <= 0, `no horizontal scrolling at 375 px on ${what} (overflow ${overflow} px)`);
    await assertAxe(page, `${what} at 375 px`);
    await page.screenshot({ path: join(artifactsDir, `languages-${shot}-375.png`), fullPage: true });
  } finally {
    await page.setViewportSize(size);
  }
}

function addStaffAccount(username, name, role, password) {
  const out = spawnSync(BIN, ['user', 'add', '--database', dbPath, '--username', username,
    '--name', name, '--role', role], { input: password, encoding: 'utf8', timeout: 30000 });
  assert.equal(out.status, 0, `kursbase user add ${username}:\n${out.stdout}\n${out.stderr}`);
}

// ---------------------------------------------------------------- fixtures

before(async () => {
  runDemo({ bin: BIN, database: dbPath, today: today(), timeoutMs: 60000 });
  sink = await startSmtpSink();
  server = await startKursbase({
    bin: BIN,
    database: dbPath,
    args: ['--static-dir', STATIC_DIR],
    env: mailingServerEnv(sink),
  });
  baseUrl = server.baseUrl;
  browser = await launchChromium();
  // A run with room for every sign-up of this suite that stays open, whose
  // form asks no national ID number.
  // A course written in bokmål with no other texts, so that its title is the
  // same on every page (the translated ones have their own test below).
  run = await smallestOpenRun((view) => view.seats_left >= 8 && view.sign_up === 'sign_up' &&
    sqlValue(dbPath, `SELECT count(*) FROM run WHERE id = ${view.id} AND coalesce(registers_in_record, 0) = 0`) === '1' &&
    sqlValue(dbPath, `SELECT count(*) FROM run r JOIN course c ON c.id = r.course_id WHERE r.id = ${view.id} AND c.text_language = 'nb' AND NOT EXISTS (SELECT 1 FROM course_translation t WHERE t.course_id = c.id)`) === '1');
  const form = await (await fetch(`${baseUrl}/gjennomforing/${run.id}/pamelding`)).text();
  assert.ok(!form.includes('id="field-national_id"'), `the form of run ${run.id} asks no national ID number`);
});

after(() => tearDown({ browser, stops: [() => server?.stop(), () => sink?.close()], workDir, artifactsDir }));

// ---------------------------------------------------------------- the public pages in each language

for (const lang of ['nn', 'en', 'se']) {
  test(`${lang}: search, course page, sign-up, received and private link, in ${NAMES[lang]} and accessible`,
    async () => {
      const title = run.course_title;
      const { context, page, problems } = await newPage();
      try {
        // The search page, asked for by ?lang=.
        let res = await page.goto(`${baseUrl}/?lang=${lang}`);
        assert.equal(res.status(), 200);
        await assertLanguage(page, lang, PUBLIC_LANGUAGES, 'the search page', res);
        await assertText(page.getByRole('heading', { level: 1 }), lang, 'search.heading', 'the search page');
        assert.notEqual(t(lang, 'search.heading'), t('nb', 'search.heading'), `${lang} has its own heading`);
        await assertText(page.locator('form[role="search"] .kb-search-text button[type="submit"]'), lang,
          'search.button', 'the search button');
        await assertText(page.locator('label[for="field-q"]'), lang, 'search.label', 'the search field');
        const cards = page.locator('.kb-result h3 a');
        assert.ok(await cards.count() > 0, 'the search page lists courses');
        for (const card of await cards.all()) {
          const id = (await card.getAttribute('href')).split('/').pop();
          const course = await getJson(`/api/v1/courses/${id}`);
          assert.equal(await languageOf(card), shownLanguage(course, lang),
            `the result card "${(await card.innerText()).trim()}" is read in the language of its text`);
        }
        await assertAccessible(page, `the search page (${lang})`, `${lang}-01-search`);

        // The course page, without ?lang=: the cookie keeps the language.
        res = await page.goto(`${baseUrl}/kurs/${run.course_id}`);
        assert.equal(res.status(), 200);
        await assertLanguage(page, lang, PUBLIC_LANGUAGES, 'the course page', res);
        const h1 = page.getByRole('heading', { level: 1 });
        assert.equal((await h1.innerText()).trim(), title, 'the course page: its title');
        await assertBokmalTitle(h1, lang, 'the course page: the title');
        await assertText(page.getByRole('heading', { level: 2, name: t(lang, 'course.runs'), exact: true }),
          lang, 'course.runs', 'the course page: the runs heading');
        await assertText(page.getByRole('heading', { level: 2, name: t(lang, 'course.facts'), exact: true }),
          lang, 'course.facts', 'the course page: the facts heading');
        await assertAccessible(page, `the course page (${lang})`, `${lang}-02-course`);

        // The sign-up form of the open run, filled in and sent.
        res = await page.goto(`${baseUrl}/gjennomforing/${run.id}/pamelding`);
        assert.equal(res.status(), 200);
        await assertLanguage(page, lang, PUBLIC_LANGUAGES, 'the sign-up form', res);
        await assertTitledHeading(page, lang, 'enrollment.heading', title, 'the sign-up form');
        const submit = page.locator('form.kb-enrollment-form button[type="submit"]');
        await assertText(submit, lang, 'enrollment.submit', 'the sign-up form: the button');
        await assertAccessible(page, `the sign-up form (${lang})`, `${lang}-03-form`);
        const person = { name: `Språk Prøve ${lang}`, email: `sprak.${lang}@example.no` };
        const required = t(lang, 'enrollment.required');
        await page.getByRole('textbox', { name: `${t(lang, 'enrollment.name')} ${required}`, exact: true }).fill(person.name);
        await page.getByRole('textbox', { name: t(lang, 'enrollment.email'), exact: true }).fill(person.email);
        await page.getByRole('group', { name: `${t(lang, 'enrollment.kind')} ${required}`, exact: true })
          .getByRole('radio', { name: t(lang, 'enrollment.kind.patient'), exact: true }).check();
        await page.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(t(lang, 'enrollment.consent'))}`) }).check();
        await submitAndWait(page, submit, (u) => u.pathname === `/gjennomforing/${run.id}/pamelding/mottatt`);

        // The received answer.
        await assertLanguage(page, lang, PUBLIC_LANGUAGES, 'the received page');
        await assertTitledHeading(page, lang, 'enrollment.received_title', title, 'the received page');
        await assertText(page.locator('#received'), lang, 'enrollment.received', 'the received page');
        await assertAccessible(page, `the received page (${lang})`, `${lang}-04-received`);

        // The private-link page, from the link in the confirmation mail.
        const token = await sink.tokenFor(person.email);
        res = await page.goto(`${baseUrl}/pamelding/${token}`);
        assert.equal(res.status(), 200);
        assert.equal(new URL(page.url()).pathname, '/pamelding');
        await assertLanguage(page, lang, PUBLIC_LANGUAGES, 'the private-link page', res);
        await assertTitledHeading(page, lang, 'enrollment.manage_title', title, 'the private-link page');
        await assertText(page.locator('#enrollment-status'), lang, 'enrollment.status.confirmed',
          'the private-link page: the status');
        await assertNoAlternates(page, 'the private-link page');
        await assertAccessible(page, `the private-link page (${lang})`, `${lang}-05-private-link`);
        assert.deepEqual(problems, []);
      } finally {
        await context.close();
      }
    });
}

// ---------------------------------------------------------------- the switch, the cookie, Accept-Language

test('a course with texts in more languages: each reader gets theirs, or a marked one, and is told so', async () => {
  const hits = await getJson(`/api/v1/courses?q=${encodeURIComponent('sámegillii')}`);
  assert.ok(hits.items.length > 0, 'search finds the Sami course by a word of its Sami title');
  const course = await getJson(`/api/v1/courses/${hits.items[0].id}`);
  const texts = [{ language: course.text_language, title: course.title }, ...course.translations];
  assert.ok(texts.some((x) => x.language === 'se'), 'the course has a North Sami text');
  const { context, page, problems } = await newPage();
  try {
    for (const lang of ['nb', 'nn', 'en', 'se']) {
      const res = await page.goto(`${baseUrl}/kurs/${course.id}?lang=${lang}`);
      assert.equal(res.status(), 200);
      const shown = shownLanguage(course, lang);
      const h1 = page.getByRole('heading', { level: 1 });
      assert.equal((await h1.innerText()).trim(), texts.find((x) => x.language === shown).title,
        `${lang}: the title in ${shown}`);
      assert.equal(await languageOf(h1), shown, `${lang}: the title is read as ${shown}`);
      // The programme is in the course's own language.
      const topics = page.locator('#programme-heading + div table tbody td:nth-child(2)');
      assert.ok(await topics.count() > 0, `${lang}: the programme`);
      for (const td of await topics.all()) assert.equal(await languageOf(td), course.text_language, `${lang}: a topic`);
      // A reader without a text of their own is told which language it is in.
      const notice = page.locator('.kb-text-language').filter({ hasText: t(lang, 'course.text_not_in_language').split('{')[0].trim() });
      assert.equal(await notice.count(), shown === lang ? 0 : 1, `${lang}: the notice that the text is in ${shown}`);
      await assertAccessible(page, `the translated course page (${lang})`, `${lang}-10-translated-course`);
    }
    assert.deepEqual(problems, [], 'no console errors or failed requests');
  } finally {
    await context.close();
  }
});

test('the language switch: from bokmål to nynorsk, kept by the cookie on the next page, with the query', async () => {
  const { context, page, problems } = await newPage();
  try {
    let res = await page.goto(`${baseUrl}/`);
    await assertLanguage(page, 'nb', PUBLIC_LANGUAGES, 'the search page with no choice', res);
    await assertText(page.getByRole('heading', { level: 1 }), 'nb', 'search.heading', 'the search page');
    const nav = page.locator('header nav.kb-languages');

    await submitAndWait(page, nav.getByRole('link', { name: NAMES.nn, exact: true }),
      (u) => u.searchParams.get('lang') === 'nn');
    await assertLanguage(page, 'nn', PUBLIC_LANGUAGES, 'the search page after choosing nynorsk');
    await assertText(page.getByRole('heading', { level: 1 }), 'nn', 'search.heading', 'the search page');
    assert.equal(await nav.locator('[aria-current="true"]').innerText(), NAMES.nn);
    assert.equal(await nav.getByRole('link', { name: NAMES.nb, exact: true }).count(), 1, 'bokmål is a link now');
    const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'lang');
    assert.equal(cookie?.value, 'nn', 'the choice is kept in the lang cookie');
    assert.equal(cookie.path, '/');
    assert.ok(cookie.expires * 1000 > Date.now() + 300 * 24 * 3600 * 1000, 'for about a year');
    await assertAccessible(page, 'the search page after choosing nynorsk', 'switch-01-nn');

    // A course from the results, by its link (no ?lang=): still nynorsk.
    const first = page.locator('.kb-result h3 a').first();
    const href = await first.getAttribute('href');
    assert.equal(new URL(href, baseUrl).searchParams.get('lang'), null, 'the result links carry no lang');
    await submitAndWait(page, first, (u) => u.pathname === new URL(href, baseUrl).pathname);
    await assertLanguage(page, 'nn', PUBLIC_LANGUAGES, 'a course opened from the results');
    await assertText(page.getByRole('heading', { level: 2, name: t('nn', 'course.runs'), exact: true }),
      'nn', 'course.runs', 'the course page');

    // A search: the switch keeps the query; English by its link, and the field still holds it.
    await page.goto(`${baseUrl}/`);
    await page.getByRole('searchbox', { name: t('nn', 'search.label'), exact: true }).fill('kols');
    await submitAndWait(page, page.locator('form[role="search"] .kb-search-text button[type="submit"]'),
      (u) => u.searchParams.get('q') === 'kols');
    await assertLanguage(page, 'nn', PUBLIC_LANGUAGES, 'a search in nynorsk');
    await submitAndWait(page, nav.getByRole('link', { name: NAMES.en, exact: true }),
      (u) => u.searchParams.get('lang') === 'en' && u.searchParams.get('q') === 'kols');
    await assertLanguage(page, 'en', PUBLIC_LANGUAGES, 'the search in English');
    assert.equal(await page.getByRole('searchbox', { name: t('en', 'search.label'), exact: true }).inputValue(), 'kols');
    assert.equal((await context.cookies(baseUrl)).find((c) => c.name === 'lang')?.value, 'en');
    res = await page.goto(`${baseUrl}/om`);
    assert.equal(res.status(), 200);
    await assertLanguage(page, 'en', PUBLIC_LANGUAGES, '/om after choosing English', res);
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

test('Accept-Language chooses when the URL and the cookie do not, by its q-values; a ?lang= link wins', async () => {
  const english = await newPage({ locale: 'en-GB' });
  try {
    const { page } = english;
    let res = await page.goto(`${baseUrl}/`);
    await assertLanguage(page, 'en', PUBLIC_LANGUAGES, 'the search page for an en-GB browser', res);
    await assertText(page.getByRole('heading', { level: 1 }), 'en', 'search.heading', 'the search page');
    const vary = (res.headers().vary || '').toLowerCase();
    assert.ok(vary.includes('accept-language') && vary.includes('cookie'),
      `a page chosen by the header varies on it and the cookie (Vary: ${res.headers().vary})`);
    await submitAndWait(page, page.locator('header nav.kb-languages').getByRole('link', { name: NAMES.nb, exact: true }),
      (u) => u.searchParams.get('lang') === 'nb');
    await assertLanguage(page, 'nb', PUBLIC_LANGUAGES, 'the ?lang=nb link from an en-GB browser');
    await assertText(page.getByRole('heading', { level: 1 }), 'nb', 'search.heading', 'the search page');
    res = await page.goto(`${baseUrl}/kurs/${run.course_id}`);
    await assertLanguage(page, 'nb', PUBLIC_LANGUAGES, 'the next page: the cookie beats the header', res);
    assert.deepEqual(english.problems, []);
  } finally {
    await english.context.close();
  }

  // The highest q-value wins, not the first listed; a language not offered is passed over.
  // (No locale: Chromium's locale emulation would replace the header.)
  const nynorsk = await newPage({ locale: undefined,
    extraHTTPHeaders: { 'Accept-Language': 'de-DE, de;q=0.95, en;q=0.5, nn;q=0.8' } });
  try {
    const res = await nynorsk.page.goto(`${baseUrl}/`);
    await assertLanguage(nynorsk.page, 'nn', PUBLIC_LANGUAGES, 'the search page for "de, en;q=0.5, nn;q=0.8"', res);
    await assertText(nynorsk.page.getByRole('heading', { level: 1 }), 'nn', 'search.heading', 'the search page');
  } finally {
    await nynorsk.context.close();
  }
});

// ---------------------------------------------------------------- hreflang alternates

test('public pages name their versions in every offered language with hreflang; a private-link page does not', async () => {
  const { context, page, problems } = await newPage();
  try {
    for (const [what, path] of [['the search page', '/'], ['a course page', `/kurs/${run.course_id}`]]) {
      for (const lang of ['en', 'nb']) {
        await page.goto(`${baseUrl}${path}?lang=${lang}`);
        const links = await alternates(page);
        assert.deepEqual(links.map((l) => l.hreflang).sort(), [...PUBLIC_LANGUAGES, 'x-default'].sort(),
          `${what} (${lang}): one alternate per offered language and x-default`);
        for (const l of links) {
          assert.match(l.href, /^https?:\/\//, `${what}: the ${l.hreflang} alternate is absolute`);
          const u = new URL(l.href);
          assert.equal(u.origin, baseUrl, `${what}: the ${l.hreflang} alternate is on the public URL`);
          assert.equal(u.pathname, path, `${what}: the ${l.hreflang} alternate is this page`);
          assert.equal(u.searchParams.get('lang'), l.hreflang === 'x-default' ? null : l.hreflang,
            `${what}: the ${l.hreflang} alternate's lang`);
        }
      }
    }
    // A private link, from a sign-up through the API.
    const enrollment = await enroll(run.id, { name: 'Lenke Utan Alternativ', email: 'sprak.lenke@example.no' }, sink);
    await page.goto(`${baseUrl}/pamelding/${enrollment.manage_token}?lang=en`);
    assert.equal(new URL(page.url()).pathname, '/pamelding');
    assert.equal(await page.locator('html').getAttribute('lang'), 'en');
    await assertNoAlternates(page, 'the private-link page');
    assert.deepEqual(problems, []);
  } finally {
    await context.close();
  }
});

// ---------------------------------------------------------------- staff pages

test('two staff pages in nynorsk and English, with no Sami offered, accessible', async () => {
  const leader = { username: 'kursleder.sprak', name: 'Siri Språkleiar', password: 'et langt passord for kurslederen' };
  addStaffAccount(leader.username, leader.name, `course_leader:course:${run.course_id}`, leader.password);
  const title = (await getJson(`/api/v1/runs/${run.id}`)).course_title;
  for (const lang of ['nn', 'en']) {
    const { context, page, problems } = await newPage();
    try {
      let res = await page.goto(`${baseUrl}/innlogging?lang=${lang}`);
      assert.equal(res.status(), 200);
      await assertLanguage(page, lang, STAFF_LANGUAGES, 'the sign-in page', res);
      await assertText(page.getByRole('heading', { level: 1 }), lang, 'staff.sign_in_heading', 'the sign-in page');
      await page.getByLabel(t(lang, 'staff.username'), { exact: true }).fill(leader.username);
      await page.getByLabel(t(lang, 'staff.password'), { exact: true }).fill(leader.password);
      await submitAndWait(page, page.getByRole('button', { name: t(lang, 'staff.sign_in_button'), exact: true }),
        (u) => u.pathname === '/ansatt');

      // The staff home page, in the language chosen before signing in.
      await assertLanguage(page, lang, STAFF_LANGUAGES, 'the staff home page');
      await assertText(page.getByRole('heading', { level: 1 }), lang, 'staff.home_heading', 'the staff home page');
      assert.notEqual(t(lang, 'staff.home_heading'), t('nb', 'staff.home_heading'));
      await assertText(page.getByRole('heading', { level: 2, name: t(lang, 'staff.runs_heading'), exact: true }),
        lang, 'staff.runs_heading', 'the staff home page: the runs heading');
      await assertNoAlternates(page, 'the staff home page');
      await assertAccessible(page, `the staff home page (${lang})`, `staff-${lang}-01-home`);

      // A run page, by its link from the home page.
      const runPath = `/ansatt/gjennomforing/${run.id}`;
      await submitAndWait(page, page.locator(`main a[href="${runPath}"]`).first(), (u) => u.pathname === runPath);
      await assertLanguage(page, lang, STAFF_LANGUAGES, 'the staff run page');
      await assertTitledHeading(page, lang, 'attendance.heading', title, 'the staff run page');
      await assertText(page.locator('nav.kb-breadcrumbs a').first(), lang, 'staff.home_heading',
        'the staff run page: the way back');
      await assertNoAlternates(page, 'the staff run page');
      await assertAccessible(page, `the staff run page (${lang})`, `staff-${lang}-02-run`);

      // ?lang=se is not offered on a staff page: the cookie's language stays.
      res = await page.goto(`${baseUrl}/ansatt?lang=se`);
      await assertLanguage(page, lang, STAFF_LANGUAGES, 'the staff home page with ?lang=se', res);
      assert.deepEqual(problems, []);
    } finally {
      await context.close();
    }
  }
  // Nor with nothing else chosen: bokmål.
  const { context, page } = await newPage();
  try {
    const res = await page.goto(`${baseUrl}/innlogging?lang=se`);
    await assertLanguage(page, 'nb', STAFF_LANGUAGES, 'the sign-in page with ?lang=se', res);
    await assertText(page.getByRole('heading', { level: 1 }), 'nb', 'staff.sign_in_heading', 'the sign-in page');
  } finally {
    await context.close();
  }
});
