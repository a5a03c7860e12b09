// Drives the GraphiQL playground in headless Chromium and prints a JSON
// report on stdout; e2e/playground_test.go makes the assertions.
//
//   node e2e/playground.mjs URL QUERY EXPECTED SCREENSHOT.png
//
// Every request the browser makes is recorded, and the host resolver maps
// every name except 127.0.0.1 to "not found", so the page must work with
// no network beyond the gateway.
//
// It also checks that Chinese is drawn with glyphs, not boxes. The test
// runs Chromium with a fontconfig that hides every system CJK font, as on
// a machine without them, so only the webfont the gateway ships can draw
// Chinese: distinct characters must render to distinct pixels, both cut
// from a screenshot of a result line and on a canvas in the shipped family
// alone, while a control in a family without CJK renders them all as the
// same box.
import { withBrowser } from './browser.mjs';

const [url, query, expected, screenshot] = process.argv.slice(2);
if (!url || !query || !expected || !screenshot) {
  console.error('usage: node playground.mjs URL QUERY EXPECTED SCREENSHOT');
  process.exit(2);
}

const WEBFONT = 'Noto Sans SC';
const CJK_SAMPLE = '民政河北湖上海江苏';
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
  cjkLine: '', // the result line whose characters were compared
  cjkLineChars: 0, // distinct CJK characters on it
  cjkLineDistinct: 0, // distinct screenshot cuts of those characters
  webfontLoaded: 0, // FontFace slices of the shipped family that loaded
  renderedFonts: [], // fonts Chromium drew that line with (DevTools protocol)
  canvasWebfontDistinct: 0, // distinct bitmaps of CJK_SAMPLE in the shipped family
  canvasControlDistinct: 0, // the same in a family without CJK: 1 means boxes
  error: '',
};

try {
  await withBrowser(async (context) => {
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
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: screenshot });
    await checkCJK(page);
  });
} catch (e) {
  report.error = String(e?.stack ?? e);
}
console.log(JSON.stringify(report));

// checkCJK fills the cjk*, webfontLoaded, renderedFonts and canvas* fields.
async function checkCJK(page) {
  report.webfontLoaded = await page.evaluate((family) =>
    [...document.fonts].filter((f) => f.family.replace(/["']/g, '') === family && f.status === 'loaded').length, WEBFONT);

  // The first line of the result pane holding Chinese, and the box of each
  // of its distinct CJK characters.
  const line = await page.evaluate(() => {
    const cjk = /\p{Script=Han}/u;
    for (const el of document.querySelectorAll('.graphiql-response .CodeMirror-line')) {
      if (!cjk.test(el.textContent)) continue;
      el.setAttribute('data-cjk-line', '');
      const boxes = [];
      const seen = new Set();
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let n = walker.nextNode(); n; n = walker.nextNode()) {
        for (let i = 0; i < n.data.length; i++) {
          const ch = n.data[i];
          if (!cjk.test(ch) || seen.has(ch)) continue;
          seen.add(ch);
          const r = document.createRange();
          r.setStart(n, i);
          r.setEnd(n, i + 1);
          const b = r.getBoundingClientRect();
          boxes.push({ x: b.x, y: b.y, width: b.width, height: b.height });
        }
      }
      return { text: el.textContent, boxes };
    }
    return null;
  });
  if (!line) {
    report.error ||= 'no line of the result pane holds Chinese';
    return;
  }
  report.cjkLine = line.text;
  report.cjkLineChars = line.boxes.length;
  const cuts = new Set();
  for (const b of line.boxes) {
    const png = await page.screenshot({ clip: { x: b.x, y: b.y, width: Math.max(b.width, 1), height: Math.max(b.height, 1) } });
    cuts.add(png.toString('base64'));
  }
  report.cjkLineDistinct = cuts.size;

  // Which fonts Chromium drew that line with, its text nodes included.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('DOM.enable');
  await cdp.send('CSS.enable');
  const { root } = await cdp.send('DOM.getDocument', { depth: -1 });
  const { nodeIds } = await cdp.send('DOM.querySelectorAll', { nodeId: root.nodeId, selector: '[data-cjk-line], [data-cjk-line] *' });
  const fonts = new Set();
  for (const nodeId of nodeIds) {
    const { fonts: used } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
    for (const f of used) fonts.add(`${f.familyName}${f.isCustomFont ? ' (webfont)' : ''}`);
  }
  report.renderedFonts = [...fonts];

  // The same characters on a canvas: in the shipped family alone, and in a
  // family without CJK (the control, which must show one box for all).
  const distinct = (family) => page.evaluate(async ([sample, fam]) => {
    const font = `48px ${fam}`;
    await document.fonts.load(font, sample);
    const seen = new Set();
    for (const ch of sample) {
      const c = document.createElement('canvas');
      c.width = c.height = 64;
      const g = c.getContext('2d');
      g.font = font;
      g.fillText(ch, 4, 52);
      seen.add(c.toDataURL());
    }
    return seen.size;
  }, [CJK_SAMPLE, family]);
  report.canvasWebfontDistinct = await distinct(`"${WEBFONT}"`);
  report.canvasControlDistinct = await distinct('monospace');
}
