// Renders the briefing in headless Chromium as a reader would see it. On every page of the
// default corpus (index, clusters, articles, worksheets), at 390 px and 1280 px: axe-core
// (WCAG 2.1 AA) must find no violation, there must be no console error or network request, and
// at 1280 px no horizontal overflow. Screenshots of the index, the storyline page, an article
// page and the worksheet at both widths go to output/screenshots/; the storyline page and the
// worksheet are printed to A4 PDFs there, whose page counts (pdfinfo) must be at most 4.
// Run through ./run.sh, which also runs html-validate on every page.
import { chromium } from 'playwright-core';
import { readdirSync, mkdirSync, existsSync } from 'node:fs';
import { resolve, join, dirname } from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const axePath = require.resolve('axe-core/axe.min.js');
const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? join(here, '..', '..', 'output'));
const shots = join(out, 'screenshots');
mkdirSync(shots, { recursive: true });

const html = (dir) => (existsSync(join(out, dir)) ? readdirSync(join(out, dir)).filter((f) => f.endsWith('.html')).sort().map((f) => join(out, dir, f)) : []);
const clusters = html('clusters');
const articles = html('articles');
const worksheets = readdirSync(out).filter((f) => f.startsWith('worksheet-') && f.endsWith('.html')).sort().map((f) => join(out, f));
const storyline = clusters.find((f) => f.includes('/s-'));
const handout = worksheets.find((f) => !f.includes('answer-key'));
const all = [join(out, 'index.html'), ...clusters, ...articles, ...worksheets];
const pictured = { index: join(out, 'index.html'), storyline, article: articles[0], worksheet: handout };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync',
         // axe-core reads the pages' stylesheet (style.css beside them) with an XHR, which
         // Chromium refuses between file:// pages unless told otherwise.
         '--allow-file-access-from-files'],
});
let passed = 0;
let failed = 0;
const report = (ok, what) => { ok ? passed++ : failed++; console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`); };

for (const file of all) {
  for (const width of [390, 1280]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()); });
    await page.goto('file://' + file);
    await page.addScriptTag({ path: axePath });
    const result = await page.evaluate(async () =>
      // eslint-disable-next-line no-undef
      axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } }));
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const problems = [];
    for (const v of result.violations) {
      problems.push(`axe ${v.id} (${v.nodes.length}): ${v.nodes.slice(0, 2).map((n) => n.target.join(' ')).join(', ')}`);
    }
    if (errors.length) problems.push(`console errors: ${errors.join(' | ')}`);
    if (requests.length) problems.push(`network requests: ${requests.join(' ')}`);
    if (width === 1280 && overflow > 0) problems.push(`horizontal overflow of ${overflow}px`);
    const name = file.slice(out.length + 1);
    report(problems.length === 0, `${name} at ${width}px${problems.length ? ': ' + problems.join('; ') : ''}`);
    for (const [label, pictureFile] of Object.entries(pictured)) {
      if (pictureFile === file) {
        await page.screenshot({ path: join(shots, `${label}-${width}.png`), fullPage: true });
        // The first screen, as a reader first sees it.
        await page.screenshot({ path: join(shots, `${label}-${width}-first-screen.png`) });
      }
    }
    await page.close();
  }
}

// Print: A4, as a browser's print dialog would, and count the pages.
for (const [label, file, limit] of [['storyline', storyline, 4], ['worksheet', handout, 4]]) {
  if (!file) { report(false, `no ${label} page to print`); continue; }
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto('file://' + file);
  await page.emulateMedia({ media: 'print' });
  const pdf = join(shots, `${label}.pdf`);
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
  await page.close();
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const pages = Number(/Pages:\s+(\d+)/.exec(info)[1]);
  execFileSync('pdftoppm', ['-png', '-r', '50', pdf, join(shots, `${label}-print`)]);
  report(pages <= limit, `${label} prints to ${pages} A4 page(s) (at most ${limit}) → ${pdf}`);
}
await browser.close();
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
