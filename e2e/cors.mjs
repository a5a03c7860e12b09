// Loads pages from other loopback origins in headless Chromium and, from
// each, fetches the gateway's /graphql cross-origin with the headers
// front-end clients add (Authorization, traceparent, Apollo's client
// name). Prints a JSON array, one result per page; e2e/cors_test.go makes
// the assertions.
//
//   node e2e/cors.mjs GRAPHQL_URL PAGE_URL...
import { withBrowser } from './browser.mjs';

const [graphqlURL, ...pages] = process.argv.slice(2);
if (!graphqlURL || pages.length === 0) {
  console.error('usage: node cors.mjs GRAPHQL_URL PAGE_URL...');
  process.exit(2);
}

const results = [];
try {
  await withBrowser(async (context) => {
    for (const pageURL of pages) {
      const page = await context.newPage();
      const result = { page: pageURL, origin: new URL(pageURL).origin, ok: false, status: 0, body: '', error: '', console: [] };
      page.on('console', (m) => { if (m.type() === 'error') result.console.push(m.text()); });
      try {
        await page.goto(pageURL, { timeout: 15000 });
        Object.assign(result, await page.evaluate(async (target) => {
          try {
            const resp = await fetch(target, {
              method: 'POST',
              headers: {
                'Content-Type': 'application/json',
                Accept: 'application/graphql-response+json, application/json',
                Authorization: 'Bearer e2e-token',
                traceparent: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01',
                tracestate: 'civgraph=e2e',
                'apollographql-client-name': 'civgraph-e2e',
                'apollographql-client-version': '1.0.0',
                'x-request-id': 'e2e-cors-1',
              },
              body: JSON.stringify({ query: '{ provinces { code name } }' }),
            });
            return { ok: resp.ok, status: resp.status, body: await resp.text() };
          } catch (e) {
            return { error: String(e) };
          }
        }, graphqlURL));
      } catch (e) {
        result.error = String(e?.stack ?? e);
      }
      results.push(result);
      await page.close();
    }
  });
} catch (e) {
  results.push({ error: String(e?.stack ?? e) });
}
console.log(JSON.stringify(results));
