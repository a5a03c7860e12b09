// Drives the GraphiQL playground in headless Chromium and prints a JSON
// report on stdout; e2e/playground_test.go makes the assertions.
//
//   node e2e/playground.mjs URL QUERY EXPECTED SCREENSHOT.png
//
// Every request the browser makes is recorded, and the host resolver maps
// every name except 127.0.0.1 to "not found", so the page must work with
// no network beyond the gateway.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// playwright-core is installed in web/ (npm ci --prefix web), not beside
// this script.
const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

const [url, query, expected, screenshot] = process.argv.slice(2);
if (!url || !query || !expected || !screenshot) {
  console.error('usage: node playground.mjs URL QUERY EXPECTED SCREENSHOT');
  process.exit(2);
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const report = {
  requests: [], // every request: "METHOD URL [start of body]"
  external: [], // requests to a host other than loopback
  failed: [], // requests that failed at the network level
  consoleErrors: [],
  pageErrors: [],
  assetsLoaded: false, // React, ReactDOM and GraphiQL globals present
  editorReady: false,
  resultMatched: false,
  result: '',
  error: '',
};

const userDataDir = mkdtempSync(join(tmpdir(), 'civgraph-chromium-'));
let context;
try {
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    viewport: { width: 1400, height: 900 },
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
    ],
  });
  context.on('request', (req) => {
    const body = req.postData();
    report.requests.push(`${req.method()} ${req.url()}${body ? ' ' + body.slice(0, 60) : ''}`);
    const u = new URL(req.url());
    if (['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && !loopback.has(u.hostname)) {
      report.external.push(req.url());
    }
  });
  context.on('requestfailed', (req) => report.failed.push(`${req.url()}: ${req.failure()?.errorText}`));

  const page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => report.pageErrors.push(String(e)));

  await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
  report.assetsLoaded = await page.evaluate(() =>
    typeof window.React === 'object' && typeof window.ReactDOM === 'object' && typeof window.GraphiQL === 'function');

  const editor = '.graphiql-query-editor .CodeMirror';
  await page.waitForSelector(editor, { timeout: 15000 });
  report.editorReady = true;
  // Replace the example document through CodeMirror's own API, as typing
  // would, then run it with the run button.
  await page.evaluate(([sel, q]) => document.querySelector(sel).CodeMirror.setValue(q), [editor, query]);
  // GraphiQL takes the edit into its state after a debounce, and the page
  // then mirrors it into the URL. Clicking before that would run the
  // previous, multi-operation document and open the operation picker, so
  // wait until the URL carries the new query.
  await page.waitForFunction((q) => new URL(location.href).searchParams.get('query') === q, query, { timeout: 15000 });
  await page.click('.graphiql-execute-button');

  const resultText = () => page.evaluate(() =>
    document.querySelector('.graphiql-response .CodeMirror')?.CodeMirror.getValue() ?? '');
  try {
    await page.waitForFunction((want) => {
      const cm = document.querySelector('.graphiql-response .CodeMirror');
      return cm && cm.CodeMirror.getValue().includes(want);
    }, expected, { timeout: 15000 });
    report.resultMatched = true;
  } catch {
    report.error = `result pane never contained ${JSON.stringify(expected)}`;
  }
  report.result = await resultText();
  await page.screenshot({ path: screenshot });
} catch (e) {
  report.error = String(e?.stack ?? e);
} finally {
  await context?.close();
  rmSync(userDataDir, { recursive: true, force: true });
}
console.log(JSON.stringify(report));
