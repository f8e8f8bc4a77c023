// End to end: govkg serve's page in Debian's headless Chromium (/usr/bin/chromium), driven by
// playwright-core. Pick a named query, run it, see rows, open a fact's source and see the
// quoted passage highlighted; draw a CONSTRUCT query; see a syntax error explained.
//
//   node page.test.mjs http://127.0.0.1:PORT [SCREENSHOT_DIR]
//
// tests/serve_page.rs starts the server and runs this; it exits non-zero on any failure.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const base = process.argv[2];
const shots = process.argv[3];
assert.ok(base, 'usage: node page.test.mjs BASE_URL [SCREENSHOT_DIR]');

const profile = mkdtempSync(join(tmpdir(), 'govkg-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
  viewport: { width: 1400, height: 900 },
});
// The page must work from the server alone: any request elsewhere fails the test.
const elsewhere = [];
context.on('request', (request) => {
  if (!request.url().startsWith(base) && !request.url().startsWith('blob:') &&
      !request.url().startsWith('about:') && !request.url().startsWith('data:')) {
    elsewhere.push(request.url());
  }
});

let passed = 0;
async function step(name, body) {
  await body();
  passed += 1;
  console.log('ok - ' + name);
}

try {
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));

  await step('the page lists the named queries with their questions', async () => {
    await page.goto(base + '/');
    await page.waitForFunction(() => document.querySelectorAll('#named option').length > 5);
    const label = await page.locator('#named option[value="targets-2025-at-least-90-percent"]').textContent();
    assert.match(label, /at least 90%/);
  });

  await step('picking a named query puts it in the editor and running it shows rows', async () => {
    await page.selectOption('#named', 'targets-2025-at-least-90-percent');
    assert.match(await page.inputValue('#sparql'), /gk:Target/);
    assert.match(await page.locator('#question').textContent(), /at least 90%/);
    await page.click('#run');
    await page.waitForSelector('#table tbody tr');
    const rows = await page.locator('#table tbody tr').count();
    assert.ok(rows > 5, `${rows} rows`);
    assert.match(await page.locator('#status').textContent(), new RegExp(`^${rows} rows in \\d+ ms`));
    const headers = await page.locator('#table thead th').allTextContents();
    assert.deepEqual(headers, ['region', 'metric', 'comparator', 'value', 'quote', 'source']);
  });

  await step("a fact's source opens its document with the quote highlighted", async () => {
    const row = page.locator('#table tbody tr').filter({ has: page.locator('a.source-link') }).first();
    await row.waitFor();
    const quote = (await row.locator('td').nth(4).textContent()).trim();
    assert.ok(quote.length > 3, quote);
    await row.locator('a.source-link').click();
    const frame = page.frameLocator('#source');
    const mark = frame.locator('mark#quote');
    await mark.waitFor();
    assert.equal((await mark.textContent()).trim(), quote);
    const file = await frame.locator('.file').textContent();
    assert.equal(file, 'digital-government-2025-goals.txt');
    // Scrolled to the passage: the highlight is inside the frame's viewport.
    const inView = await mark.evaluate((m) => {
      const r = m.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= m.ownerDocument.defaultView.innerHeight;
    });
    assert.ok(inView, 'the highlighted quote is scrolled into view');
    const background = await mark.evaluate((m) => getComputedStyle(m).backgroundColor);
    assert.notEqual(background, 'rgba(0, 0, 0, 0)');
    if (shots) await page.screenshot({ path: join(shots, 'page-source.png') });
  });

  await step('rows that name a file and a start link to that very passage', async () => {
    await page.selectOption('#named', 'initiative-adopters');
    await page.click('#run');
    await page.waitForSelector('#table tbody tr a.source-link');
    const row = page.locator('#table tbody tr').first();
    const cells = await row.locator('td').allTextContents();
    // The offsets are not shown: they are in the link, which spans exactly the quote.
    const headers = await page.locator('#table thead th').allTextContents();
    assert.ok(!headers.includes('start') && !headers.includes('end'), headers.join(' '));
    assert.ok(!cells.some((c) => c.includes('@zh')), cells.join(' | '));
    const [quote, passage, file] = [cells[2], cells[3], cells[4]];
    assert.ok(passage.includes('【' + quote + '】'), passage);
    const href = await row.locator('a.source-link').getAttribute('href');
    const [, start, end] = href.match(/&start=(\d+)&end=(\d+)#quote$/);
    assert.equal(Number(end) - Number(start), Array.from(quote).length);
    assert.ok(href.startsWith(`/document?file=${encodeURIComponent(file)}&start=`), href);
    await row.locator('a.source-link').click();
    await page.frameLocator('#source').locator(`mark#quote:text-is("${quote}")`).waitFor();
  });

  await step("which 2025 targets does 广东 set, with the passages? — from form fields alone", async () => {
    await page.selectOption('#named', 'region-targets');
    await page.locator('#param-region').waitFor();
    // The suggestions come from the store, a moment later.
    await page.waitForFunction(() => document.querySelectorAll('#param-region-values option').length >= 31);
    await page.fill('#param-region', '广东');
    await page.fill('#param-year', '2025');
    await page.press('#param-year', 'Enter');
    await page.waitForFunction(() => {
      const first = document.querySelector('#table thead th');
      return first && first.textContent === 'metric' && document.querySelector('#table tbody tr');
    });
    const headers = await page.locator('#table thead th').allTextContents();
    assert.deepEqual(headers.slice(0, 5), ['metric', 'value', 'unit', 'status', 'passage']);
    const rows = await page.locator('#table tbody tr').count();
    assert.ok(rows >= 3, `${rows} rows`);
    const passages = await page.locator('#table tbody tr td:nth-child(5)').allTextContents();
    assert.ok(passages.every((p) => /【.+】/.test(p)), passages.join('\n'));
    // Another form of the name, the same answer.
    await page.fill('#param-region', 'Guangdong');
    await page.click('#run');
    await page.waitForFunction((n) => document.querySelectorAll('#table tbody tr').length === n &&
      /rows in/.test(document.getElementById('status').textContent), rows);
    // A name that is no region is said so, not answered with nothing.
    await page.fill('#param-region', '广');
    await page.click('#run');
    await page.waitForSelector('#status.error');
    assert.match(await page.locator('#status').textContent(), /no region goes by this name/);
    if (shots) await page.screenshot({ path: join(shots, 'page-params.png') });
  });

  await step("what does 浙里办's page say? — by searching and following links", async () => {
    await page.goto(base + '/');
    await page.fill('#search', '浙里办');
    await page.press('#search', 'Enter');
    await page.waitForURL(/\/browse\/search/);
    await page.click('table.names a:text-is("浙里办")');
    await page.waitForURL(/\/browse\/entity/);
    assert.equal(await page.locator('h2').textContent(), '浙里办');
    assert.match(await page.locator('.facts').textContent(), /platform · Zheliban/);
    const runBy = await page.locator('table.regions td a').allTextContents();
    assert.ok(runBy.includes('浙江省'), runBy.join());
    const passages = await page.locator('table.mentions td:first-child').allTextContents();
    assert.ok(passages.length >= 2 && passages.every((p) => p.includes('浙里办')), passages.join('\n'));
    assert.equal(await page.locator('table.mentions mark').first().textContent(), '浙里办');
    if (shots) await page.screenshot({ path: join(shots, 'browse-entity.png') });
    // On to the region: 浙里办 among its platforms, its targets with status and passage.
    await page.click('table.regions a:text-is("浙江省")');
    await page.waitForURL(/\/browse\/region/);
    assert.equal(await page.locator('h2').textContent(), '浙江省');
    assert.ok((await page.locator('ul.names a').allTextContents()).includes('浙里办'));
    assert.ok(await page.locator('table.targets .status').count() > 0);
    // And to a document, its text with every mention linked.
    await page.click('table.documents a:text-is("zhejiang-2025.txt")');
    await page.waitForURL(/\/browse\/document/);
    const platforms = await page.locator('article.text a.mention.platform').allTextContents();
    assert.ok(platforms.some((p) => p.includes('浙里办')), platforms.join());
    const json = await (await page.request.get(base + '/browse/region?code=330000&format=json')).json();
    assert.equal(json.name, '浙江省');
    assert.ok(json.platforms.some((p) => p.name === '浙里办'));
    if (shots) await page.screenshot({ path: join(shots, 'browse-document.png') });
    await page.goto(base + '/');
    await page.waitForFunction(() => document.querySelectorAll('#named option').length > 5);
  });

  await step('a CONSTRUCT query is drawn as a diagram and listed as triples', async () => {
    await page.fill('#sparql', 'CONSTRUCT { ?r gk:operatesPlatform ?p } WHERE { ?r gk:operatesPlatform ?p ; gk:adminCode "440000" }');
    await page.click('#run');
    await page.waitForSelector('#diagram img#diagram-image');
    await page.waitForFunction(() => {
      const img = document.getElementById('diagram-image');
      return img && img.complete && img.naturalWidth > 0;
    });
    assert.match(await page.locator('#status').textContent(), /^\d+ triples in/);
    const predicates = await page.locator('#table tbody tr td:nth-child(2)').allTextContents();
    assert.ok(predicates.length > 0 && predicates.every((p) => p === 'gk:operatesPlatform'), predicates.join());
    if (shots) await page.screenshot({ path: join(shots, 'page-diagram.png') });
  });

  await step('a syntax error is shown with the server message', async () => {
    await page.fill('#sparql', 'SELECT WHERE {');
    await page.keyboard.press('Control+Enter');
    await page.waitForSelector('#status.error');
    assert.match(await page.locator('#status').textContent(), /^400 .*syntax error/i);
  });

  await step('a misspelt term and a label without its tag are pointed out above the empty result', async () => {
    await page.fill('#sparql', 'SELECT ?p WHERE { ?r gk:operatePlatform ?p ; rdfs:label "广东省" }');
    await page.click('#run');
    await page.waitForSelector('#warnings li');
    const warnings = (await page.locator('#warnings li').allTextContents()).join('\n');
    assert.match(warnings, /gk:operatePlatform is not in the vocabulary.*did you mean gk:operatesPlatform\?/);
    assert.match(warnings, /"广东省"@zh/);
    assert.match(await page.locator('#status').textContent(), /^0 rows/);
  });

  assert.deepEqual(errors, [], 'no script error');
  assert.deepEqual(elsewhere, [], 'no request leaves the server');
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
console.log(`${passed} passed, 0 failed`);
