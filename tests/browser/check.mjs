// Renders the briefing in headless Chromium as a reader would see it: screenshots of the index
// and of a storyline page at 1280 px and 390 px, no console errors, no horizontal overflow at
// 1280 px, and the index printed to an A4 PDF. Run through ./run.sh.
import { chromium } from 'playwright-core';
import { readdirSync, mkdirSync } from 'node:fs';
import { resolve, join } from 'node:path';

const out = resolve(process.argv[2] ?? 'output');
const shots = join(out, 'screenshots');
mkdirSync(shots, { recursive: true });
const storyline = readdirSync(join(out, 'clusters')).filter((f) => f.startsWith('s-')).sort()[0];
const pages = { index: join(out, 'index.html'), storyline: join(out, 'clusters', storyline) };

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
         '--disable-component-update', '--disable-sync'],
});
let failures = 0;
for (const [name, file] of Object.entries(pages)) {
  for (const width of [1280, 390]) {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const errors = [];
    const requests = [];
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('file://')) requests.push(r.url()); });
    await page.goto('file://' + file);
    const png = join(shots, `${name}-${width}.png`);
    await page.screenshot({ path: png, fullPage: true });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    const problems = [];
    if (errors.length) problems.push(`console errors: ${errors.join(' | ')}`);
    if (requests.length) problems.push(`network requests: ${requests.join(' ')}`);
    if (width === 1280 && overflow > 0) problems.push(`horizontal overflow of ${overflow}px`);
    failures += problems.length;
    console.log(`${problems.length ? 'FAIL' : 'ok  '} ${name} at ${width}px → ${png}${problems.length ? ': ' + problems.join('; ') : ''}`);
    if (name === 'index' && width === 1280) {
      await page.emulateMedia({ media: 'print' });
      await page.pdf({ path: join(shots, 'index.pdf'), format: 'A4', printBackground: true });
      console.log(`ok   index printed to ${join(shots, 'index.pdf')}`);
    }
    await page.close();
  }
}
await browser.close();
console.log(`${4 - Math.min(4, failures)} passed, ${failures} failed`);
process.exit(failures ? 1 : 0);
