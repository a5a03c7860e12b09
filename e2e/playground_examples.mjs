// Runs every playground example in headless Chromium, through GraphiQL's
// own run menu, against a gateway that requires an API key, and prints a
// JSON report on stdout; e2e/playground_test.go makes the assertions.
//
//   node e2e/playground_examples.mjs URL API_KEY
//
// First it runs one example with no headers (the gateway must refuse it),
// then types {"X-API-Key": API_KEY} into the headers editor, as a user
// would, and runs each example in turn, recording the response the
// browser received and whether the request carried the header.
import { withBrowser } from './browser.mjs';

const [url, apiKey] = process.argv.slice(2);
if (!url || !apiKey) {
  console.error('usage: node playground_examples.mjs URL API_KEY');
  process.exit(2);
}

const report = {
  operations: [], // the example names GraphiQL offered in its run menu
  withoutKey: null, // {status, codes} of the run before the header was set
  runs: [], // {name, status, sentKey, errors, dataKeys}
  keyInURL: false, // whether the typed key showed up in the page's URL
  keyInStorage: false, // or in the browser's local storage
  consoleErrors: [],
  pageErrors: [],
  error: '',
};

const editor = '.graphiql-query-editor .CodeMirror';

try {
  await withBrowser(async (context) => {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => report.pageErrors.push(String(e)));

    await page.goto(url, { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForSelector(editor, { timeout: 15000 });
    report.operations = await page.evaluate((sel) =>
      [...document.querySelector(sel).CodeMirror.getValue().matchAll(/^query (\w+)/gm)].map((m) => m[1]), editor);
    if (report.operations.length === 0) throw new Error('the playground opened with no example operations');

    report.withoutKey = await run(page, report.operations[0]);

    // The headers editor: its tab, then its CodeMirror (the one of the two
    // editor tools, variables and headers, not marked hidden).
    await page.click('.graphiql-editor-tools button[data-name="headers"]');
    const headers = JSON.stringify({ 'X-API-Key': apiKey });
    const headersEditor = '.graphiql-editor-tool .graphiql-editor:not(.hidden) .CodeMirror';
    await page.waitForSelector(headersEditor, { timeout: 5000 });
    await page.evaluate(([sel, h]) => document.querySelector(sel).CodeMirror.setValue(h), [headersEditor, headers]);
    // GraphiQL takes the edit in after a debounce: run the first example
    // until its request carries the key (a few tries at most).
    for (let i = 0; i < 20; i++) {
      const probe = await run(page, report.operations[0]);
      if (probe.sentKey === apiKey) break;
      await page.waitForTimeout(250);
    }
    // The key must not have reached the page's URL or the browser's storage.
    report.keyInURL = page.url().includes(encodeURIComponent(apiKey)) || page.url().includes(apiKey);
    report.keyInStorage = await page.evaluate((k) =>
      Object.keys(localStorage).some((n) => (localStorage.getItem(n) ?? '').includes(k)), apiKey);

    for (const name of report.operations) {
      report.runs.push({ name, ...(await run(page, name)) });
    }
  });
} catch (e) {
  report.error = String(e?.stack ?? e);
}
console.log(JSON.stringify(report));

// run picks name from GraphiQL's run menu and returns what the browser
// received for it.
async function run(page, name) {
  const response = page.waitForResponse((r) => r.url().endsWith('/graphql') && r.request().method() === 'POST' &&
    (r.request().postData() ?? '').includes(`"operationName":"${name}"`), { timeout: 30000 });
  await page.click('.graphiql-execute-button');
  await page.getByRole('menuitem', { name, exact: true }).click({ timeout: 5000 });
  const r = await response;
  let body = {};
  try {
    body = await r.json();
  } catch {
    // reported as no data and no errors
  }
  return {
    status: r.status(),
    sentKey: (await r.request().allHeaders())['x-api-key'] ?? '',
    errors: (body.errors ?? []).map((e) => `${e.extensions?.code ?? ''}: ${e.message}`),
    dataKeys: body.data ? Object.keys(body.data) : [],
  };
}
