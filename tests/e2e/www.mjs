// E2E for the offline page (issue #4) in headless Chromium (playwright-core) and Firefox ESR
// (puppeteer-core over WebDriver BiDi), research/toolchain.md §3–§4. Needs `cargo xtask build`.
//
//   node tests/e2e/www.mjs [chromium|firefox]...      (default: both)
//
// 1. dist/rebound.html from file:// decodes an S3150 .eml loaded through the file input, with
//    every request recorded: none may leave (the file itself is the only URL).
// 2. A hostile bounce (script tags, onerror, javascript: links, an HTML part with an image)
//    renders inert: no script runs, no dialog, no request, no active element in the result.
// 3. Keyboard only: Tab reaches the paste area, the file picker, then the result's buttons in
//    document order, and every button.
// 4. dist/www/ served on 127.0.0.1 works, then again from the service worker once the server
//    has stopped.
// Also prints (no asserts on time): decode of a 1 MB bounce in the page; writes the screenshot
// target/e2e/www-s3150.png (Chromium) and www-s3150-firefox.png.
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { check, eq, summary } from './lib/check.mjs';
import { sleep, waitIn as poll } from './lib/poll.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const SINGLE = path.join(ROOT, 'dist/rebound.html');
const WWW = path.join(ROOT, 'dist/www');
const S3150 = path.join(ROOT, 'tests/fixtures/eml/olc-s3150-postfix.eml');
const HOSTILE = path.join(ROOT, 'tests/fixtures/www/hostile.eml');
const SHOTS = path.join(ROOT, 'target/e2e');

for (const f of [SINGLE, path.join(WWW, 'index.html')]) {
  if (!fs.existsSync(f)) {
    console.error(`${f} is missing: run cargo xtask build`);
    process.exit(2);
  }
}

// The shared poller, with this file's positional `what`/`timeout`.
const waitIn = (page, fn, arg, what, timeout = 20000) => poll(page, fn, arg, { timeout, what });

// One browser behind a small common interface: page, requests seen, dialogs seen, setFiles.
async function openChromium() {
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-sync', '--no-pings', '--allow-file-access-from-files=false'],
  });
  const ctx = await browser.newContext({ viewport: { width: 960, height: 1300 }, serviceWorkers: 'allow' });
  const page = await ctx.newPage();
  const b = { name: 'chromium', page, requests: [], dialogs: [] };
  ctx.on('request', (r) => b.requests.push(r.url()));
  page.on('dialog', (d) => {
    b.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  b.setFiles = (sel, file) => page.setInputFiles(sel, file);
  b.close = () => browser.close();
  // Copy buttons and exports (Chromium: the clipboard can be granted and read back).
  b.exports = async (origin) => {
    await ctx.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
    const clip = () => page.evaluate(() => navigator.clipboard.readText());
    const ipButton = page.locator('#app .rb-values dd', { hasText: '203.0.113.45' }).first().locator('button');
    await ipButton.click();
    await sleep(200);
    const copied = await clip();
    check(copied.includes('203.0.113.45'), `${b.name}: a Copy button puts its value on the clipboard`, copied);
    check(!!(await ipButton.getAttribute('aria-label'))?.startsWith('Copy '), `${b.name}: Copy buttons are named after their value`);
    await page.click('#app button[data-action=copy-md]');
    await sleep(200);
    const md = await clip();
    check(md.startsWith('## ') && md.includes('S3150') && md.includes('[Open the Outlook.com delisting form]('), `${b.name}: Copy as Markdown`, md.slice(0, 200));
    await page.click('#app button[data-action=copy-text]');
    await sleep(200);
    const txt = await clip();
    check(txt.includes('S3150') && !txt.includes('## '), `${b.name}: Copy as plain text`, txt.slice(0, 200));
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#app button[data-action=download]')]);
    const json = JSON.parse(fs.readFileSync(await download.path(), 'utf8'));
    check(json.schema_version === 1 && json.is_bounce === true && download.suggestedFilename() === 'rebound-report.json', `${b.name}: Download JSON gives the Report`, download.suggestedFilename());
  };
  return b;
}

async function openFirefox() {
  const puppeteer = (await import('puppeteer-core')).default;
  const browser = await puppeteer.launch({
    browser: 'firefox',
    executablePath: process.env.FIREFOX || '/usr/bin/firefox-esr',
    headless: true,
    extraPrefsFirefox: { 'dom.serviceWorkers.testing.enabled': true },
  });
  const page = await browser.newPage();
  await page.setViewport({ width: 960, height: 1300 });
  const b = { name: 'firefox', page, requests: [], dialogs: [] };
  page.on('request', (r) => b.requests.push(r.url()));
  page.on('dialog', (d) => {
    b.dialogs.push(d.message());
    d.dismiss().catch(() => {});
  });
  b.setFiles = async (sel, file) => (await page.$(sel)).uploadFile(file);
  b.close = () => browser.close();
  return b;
}

// Requests that left the device (anything but the file itself, data: and blob: URLs).
const external = (urls, allowed = () => false) =>
  urls.filter((u) => !/^(data|blob|file|about):/.test(u) && !allowed(u));

const mounted = () => !!document.querySelector('#app .rb-label');
const titleText = () => document.querySelector('#app .rb-title')?.textContent || '';

async function decodeFile(b, file) {
  const before = await b.page.evaluate(() => document.getElementById('app').getAttribute('data-decoded'));
  await b.setFiles('#rb-file', file);
  const size = fs.statSync(file).size;
  await waitIn(b.page, ([n, prev]) => {
    const d = document.getElementById('app').getAttribute('data-decoded');
    return d === String(n) && (d !== prev || document.querySelector('.rb-title'));
  }, [size, before], 'the file to be decoded');
}

async function singleFile(b) {
  b.requests.length = 0;
  await b.page.goto(pathToFileURL(SINGLE).href);
  await waitIn(b.page, mounted, null, 'the renderer to mount (file://)');
  await decodeFile(b, S3150);
  const title = await b.page.evaluate(titleText);
  check(/S3150|block/i.test(title), `${b.name}: file:// page decodes the S3150 .eml`, title);
  const primary = await b.page.evaluate(() => {
    const p = document.querySelector('#app .rb-next .rb-primary');
    return p ? p.textContent : null;
  });
  check(primary && primary.startsWith('Open the Outlook.com delisting form'), `${b.name}: first step is the Outlook.com form button`, primary);
  const values = await b.page.evaluate(() => [...document.querySelectorAll('#app .rb-values .rb-value')].map((v) => v.textContent));
  check(values.some((v) => v.includes('203.0.113.45')), `${b.name}: form values include the IP, with copy buttons`, values);
  eq(external(b.requests), [], `${b.name}: file:// page made no network request`);

  await b.page.screenshot({ path: path.join(SHOTS, b.name === 'chromium' ? 'www-s3150.png' : `www-s3150-${b.name}.png`), fullPage: true });

  // 1 MB bounce: the sample plus a long returned message. Timing printed, not asserted.
  const sample = fs.readFileSync(S3150, 'utf8');
  const filler = 'Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor.\n';
  const big = sample + '\n' + filler.repeat(Math.ceil((1024 * 1024 - sample.length) / filler.length));
  const t0 = Date.now();
  await b.page.evaluate((text) => {
    const ta = document.getElementById('rb-bounce');
    ta.value = text;
    ta.dispatchEvent(new Event('input'));
  }, big);
  const ms = await waitIn(b.page, (n) => {
    const app = document.getElementById('app');
    return app.getAttribute('data-decoded') === String(n) && app.getAttribute('data-decode-ms');
  }, big.length, 'the 1 MB decode', 60000);
  const wall = Date.now() - t0;
  console.log(`info ${b.name}: 1 MB bounce (${big.length} B): decode ${ms} ms in the page; paste → rendered ${wall} ms wall (includes the 150 ms debounce)`);
  check(/S3150|block/i.test(await b.page.evaluate(titleText)), `${b.name}: the 1 MB bounce decodes`);
}

async function hostile(b) {
  b.requests.length = 0;
  await b.page.goto(pathToFileURL(SINGLE).href);
  await waitIn(b.page, mounted, null, 'the renderer to mount');
  await decodeFile(b, HOSTILE);
  const text = fs.readFileSync(HOSTILE, 'utf8');
  await b.page.evaluate((t) => {
    const ta = document.getElementById('rb-bounce');
    ta.value = t + '\n<img src=x onerror="window.__pwned=3"><svg onload="window.__pwned=4">';
    ta.dispatchEvent(new Event('input'));
  }, text);
  await sleep(800);
  const state = await b.page.evaluate(() => {
    const app = document.getElementById('app');
    return {
      pwned: window.__pwned ?? null,
      active: app.querySelectorAll('#rb-result script, #rb-result img, #rb-result iframe, #rb-result svg, #rb-result object, #rb-result embed, #rb-result style').length,
      badLinks: [...app.querySelectorAll('a[href]')].map((a) => a.getAttribute('href')).filter((h) => !/^(https?:|mailto:)/i.test(h)),
      handlers: [...app.querySelectorAll('#rb-result *')].filter((e) => [...e.attributes].some((a) => /^on/i.test(a.name))).length,
      shown: app.querySelector('#rb-result')?.textContent.includes('<script>') ?? false,
      title: document.querySelector('.rb-title')?.textContent || '',
    };
  });
  eq(state.pwned, null, `${b.name}: hostile bounce: no script ran`);
  eq(state.active, 0, `${b.name}: hostile bounce: no script/img/iframe/svg element in the result`);
  eq(state.badLinks, [], `${b.name}: hostile bounce: only http(s)/mailto links`);
  eq(state.handlers, 0, `${b.name}: hostile bounce: no inline event handlers`);
  check(state.shown, `${b.name}: hostile bounce: the markup is shown as text`, state.title);
  eq(b.dialogs, [], `${b.name}: hostile bounce: no dialog opened`);
  eq(external(b.requests), [], `${b.name}: hostile bounce: no request left`);
}

// The first step for each kind of block: the right delisting route as the button, or the fix.
async function remedies(b) {
  const cases = [
    ['o365-5-7-511-exim.eml', 'button', 'Email delist@microsoft.com'],
    ['o365-5-7-606-exo-ndr.eml', 'button', 'Open the Office 365 delist portal'],
    ['olc-as3130-spamhaus-line.txt', 'button', 'Open the Spamhaus removal page'],
    ['olc-5-7-515-postfix.eml', 'fix', 'Fix your authentication'],
    ['gmail-userunknown-postfix.eml', 'fix', "Check the recipient's address"],
    ['not-a-bounce-newsletter.eml', 'title', 'Not a bounce I recognise'],
  ];
  await b.page.goto(pathToFileURL(SINGLE).href);
  await waitIn(b.page, mounted, null, 'the renderer to mount');
  for (const [file, what, want] of cases) {
    const p = path.join(ROOT, 'tests/fixtures/eml', file);
    if (!fs.existsSync(p)) {
      console.log(`info ${b.name}: ${file} is not there; skipped`);
      continue;
    }
    await decodeFile(b, p);
    const got = await b.page.evaluate((w) => {
      const sel = { button: '.rb-next [data-action=remedy], .rb-next a.rb-button', fix: '.rb-next .rb-fix', title: '.rb-title' }[w];
      return document.querySelector(`#app ${sel}`)?.textContent || null;
    }, what);
    check(!!got && got.startsWith(want), `${b.name}: ${file}: first step "${want}…"`, got);
  }
}

async function keyboard(b) {
  await b.page.goto(pathToFileURL(SINGLE).href);
  await waitIn(b.page, mounted, null, 'the renderer to mount');
  await decodeFile(b, S3150);
  await b.page.evaluate(() => document.activeElement?.blur());
  const seen = [];
  for (let i = 0; i < 60; i++) {
    await b.page.keyboard.press('Tab');
    const d = await b.page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      return { id: e.id, tag: e.tagName, action: e.getAttribute('data-action'), text: (e.textContent || '').trim().slice(0, 60), outline: getComputedStyle(e).outlineStyle, fv: e.matches(':focus-visible') };
    });
    if (!d) continue;
    if (seen.length && d.id === 'rb-bounce') break; // wrapped around
    seen.push(d);
  }
  const ids = seen.map((d) => d.id || d.action || d.tag);
  check(seen[0]?.id === 'rb-bounce', `${b.name}: keyboard: Tab reaches the paste area first`, ids);
  check(seen[1]?.id === 'rb-file', `${b.name}: keyboard: then the file picker`, ids);
  const first = ids.indexOf('remedy');
  const copy = ids.indexOf('copy');
  const exp = ids.indexOf('copy-md');
  check(first > 1 && copy > first && exp > copy, `${b.name}: keyboard: next step, then copy buttons, then export`, ids);
  const buttons = await b.page.evaluate(() => document.querySelectorAll('#app button').length);
  eq(seen.filter((d) => d.tag === 'BUTTON').length, buttons, `${b.name}: keyboard: every button is reachable`);
  // Every stop that the browser calls :focus-visible gets our outline. (Firefox does not treat
  // WebDriver BiDi key presses as keyboard focus for :focus-visible; then only say so.)
  const fv = seen.filter((d) => d.fv);
  if (fv.length) check(fv.length === seen.length && fv.every((d) => d.outline !== 'none'), `${b.name}: keyboard: focus is visible on every stop`, seen.filter((d) => !d.fv || d.outline === 'none'));
  else console.log(`info ${b.name}: keyboard: the browser matched :focus-visible on no stop (synthetic keys); outline not checked`);
}

// dist/www/ over http, then from the service worker after the server is gone.
async function served(b) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm' };
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://x');
    const rel = decodeURIComponent(url.pathname).replace(/^\/+/, '') || 'index.html';
    const file = path.join(WWW, rel);
    if (!file.startsWith(WWW) || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[path.extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' });
    res.end(fs.readFileSync(file));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  b.requests.length = 0;
  try {
    await b.page.goto(`${origin}/`);
    await waitIn(b.page, mounted, null, 'the renderer to mount (http)');
    await waitIn(b.page, () => navigator.serviceWorker.ready.then(() => true), null, 'the service worker');
    await b.page.reload();
    await waitIn(b.page, () => !!navigator.serviceWorker.controller && !!document.querySelector('#app .rb-label'), null, 'a controlled page');
    await decodeFile(b, S3150);
    check(/S3150|block/i.test(await b.page.evaluate(titleText)), `${b.name}: dist/www on 127.0.0.1 decodes the S3150 .eml`);
    if (b.exports) await b.exports(origin);
    eq(external(b.requests, (u) => u.startsWith(origin)), [], `${b.name}: dist/www requested nothing but its own files`);
  } finally {
    server.closeAllConnections?.();
    await new Promise((r) => server.close(r));
  }
  b.requests.length = 0;
  await b.page.reload();
  await waitIn(b.page, mounted, null, 'the renderer to mount from the service worker');
  await decodeFile(b, S3150);
  check(/S3150|block/i.test(await b.page.evaluate(titleText)), `${b.name}: after the server stopped, the page still works (service worker)`);
  eq(external(b.requests, (u) => u.startsWith(origin)), [], `${b.name}: offline: no request to anywhere else`);
}

const wanted = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const browsers = wanted.length ? wanted : ['chromium', 'firefox'];
fs.mkdirSync(SHOTS, { recursive: true });
for (const f of [SINGLE, path.join(WWW, 'pkg/rebound_bg.wasm')]) console.log(`info size ${path.relative(ROOT, f)}: ${fs.statSync(f).size} B`);
for (const name of browsers) {
  let b;
  try {
    b = name === 'firefox' ? await openFirefox() : await openChromium();
    for (const step of [singleFile, hostile, remedies, keyboard, served]) {
      try {
        await step(b);
      } catch (e) {
        check(false, `${name}: ${step.name}`, e.stack || String(e));
      }
    }
  } catch (e) {
    check(false, `${name}: launch`, e.stack || String(e));
  } finally {
    await b?.close().catch(() => {});
  }
}
process.exit(summary('www e2e') ? 0 : 1);
