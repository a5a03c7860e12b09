// Drives the comparison dashboard and the site map in headless Chromium
// and prints a JSON report on stdout; e2e/dashboard_test.go makes the
// assertions (against its own GraphQL queries).
//
//   node e2e/dashboard.mjs BASE_URL ARTIFACT_DIR
//
// As in playground.mjs, every host but 127.0.0.1 is unresolvable and
// every request is recorded.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { withBrowser } from './browser.mjs';

const [base, dir] = process.argv.slice(2);
const NEAR = '31.2304,121.4737,3'; // lat,lng,radius km: central Shanghai
if (!base || !dir) {
  console.error('usage: node dashboard.mjs BASE_URL ARTIFACT_DIR');
  process.exit(2);
}

const loopback = new Set(['127.0.0.1', 'localhost', '[::1]']);
const report = {
  external: [], failed: [], consoleErrors: [], pageErrors: [], graphqlBodies: [],
  bars: [], // the bar series: [{category, value}] ('-' is no bar)
  missingMarks: [], // categories with a "missing" marker
  status: '', table: [], csv: '', csvName: '',
  canteenClicks: 0, canteenRows: [], canteenGroupBy: '',
  webfontSlices: 0, webfontReady: false,
  mapSites: -1, mapPoints: -1, mapStatus: '', card: '',
  nearSites: -1, nearStatus: '',
  timings: {}, // milliseconds since start, per step
  error: '',
};
const t0 = Date.now();
const mark = (k) => { report.timings[k] = Date.now() - t0; };

const chartOf = (page, sel) => page.evaluate((s) => {
  const c = echarts.getInstanceByDom(document.querySelector(s));
  const o = c.getOption();
  return { cats: o.xAxis[0].data, series: o.series.map((x) => x.data) };
}, sel);

try {
  await withBrowser(async (context) => {
    context.on('request', (req) => {
      const u = new URL(req.url());
      if (['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol) && !loopback.has(u.hostname)) report.external.push(req.url());
      if (u.pathname === '/graphql') report.graphqlBodies.push(req.postData() || '');
      if (u.pathname.includes('/@fontsource/noto-sans-sc/files/')) report.webfontSlices++;
    });
    context.on('requestfailed', (req) => report.failed.push(`${req.url()}: ${req.failure()?.errorText}`));
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('console', (m) => { if (m.type() === 'error') report.consoleErrors.push(m.text()); });
    page.on('pageerror', (e) => report.pageErrors.push(String(e)));

    // The default view: site counts by province.
    await page.goto(base + 'compare', { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForSelector('#table tbody tr', { timeout: 20000 });
    await page.evaluate(() => document.fonts.ready);
    report.webfontReady = await page.evaluate(() => document.fonts.check('16px "Noto Sans SC"', '河北湖上海江苏'));
    const chart = await chartOf(page, '#bars');
    report.bars = chart.cats.map((c, i) => ({ category: c, value: chart.series[0][i] && typeof chart.series[0][i] === 'object' ? chart.series[0][i].value : chart.series[0][i] }));
    report.missingMarks = chart.cats.filter((_, i) => chart.series[1][i] !== '-');
    report.status = await page.locator('#status').textContent();
    report.table = await page.$$eval('#table tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    mark('compare');
    await page.screenshot({ path: join(dir, 'compare-provinces.png'), fullPage: true });

    // The table's CSV, through the browser's own download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    report.csvName = download.suggestedFilename();
    report.csv = readFileSync(await download.path(), 'utf8');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    await png.saveAs(join(dir, 'compare-chart-export.png'));

    // The per-prefecture canteen question from a fresh page, counting clicks.
    await page.goto(base + 'compare', { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForSelector('#table tbody tr', { timeout: 20000 });
    const before = await page.$$eval('#table tbody tr', (t) => t.length);
    await page.click('#preset-canteens');
    report.canteenClicks++;
    await page.waitForFunction((n) => document.querySelectorAll('#table tbody tr').length !== n, before, { timeout: 20000 });
    report.canteenGroupBy = await page.$eval('select[name=groupBy]', (s) => s.value);
    report.canteenRows = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300); // the redraw after the last font slice
    mark('canteens');
    await page.screenshot({ path: join(dir, 'compare-canteens-by-prefecture.png'), fullPage: true });

    // The map: Shanghai's sites, then open one site's card, clicking
    // clusters (which zoom in) until a single site is on screen.
    await page.goto(base + 'map?province=SHANGHAI', { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForFunction(() => document.getElementById('map').dataset.sites !== undefined, null, { timeout: 20000 });
    report.mapSites = Number(await page.$eval('#map', (m) => m.dataset.sites));
    report.mapPoints = Number(await page.$eval('#map', (m) => m.dataset.points));
    report.mapStatus = await page.locator('#status').textContent();
    await page.screenshot({ path: join(dir, 'map-shanghai.png'), fullPage: true });
    const box = await page.locator('#map').boundingBox();
    for (let i = 0; i < 8 && !report.card; i++) {
      const target = await page.evaluate(() => {
        const c = echarts.getInstanceByDom(document.getElementById('map'));
        const data = c.getOption().series.find((s) => s.id === 'sites').data;
        const pick = data.find((d) => d.site) || data[0];
        return pick && { site: !!pick.site, at: c.convertToPixel({ seriesId: 'sites' }, pick.value.slice(0, 2)) };
      });
      if (!target) break;
      await page.mouse.click(box.x + target.at[0], box.y + target.at[1]);
      await page.waitForTimeout(300);
      if (target.site) report.card = await page.locator('#card').innerText();
    }
    // Near a point: sample rows included, as real ones have no coordinates.
    await page.goto(base + 'map?province=SHANGHAI&sample=1&near=' + NEAR, { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForFunction(() => document.getElementById('map').dataset.sites !== undefined, null, { timeout: 20000 });
    report.nearSites = Number(await page.$eval('#map', (m) => m.dataset.sites));
    report.nearStatus = await page.locator('#status').textContent();
    await page.screenshot({ path: join(dir, 'map-near.png'), fullPage: true });
    mark('map');
    await page.screenshot({ path: join(dir, 'map-card.png'), fullPage: true });
  });
} catch (e) {
  report.error = String(e && e.stack || e);
}
console.log(JSON.stringify(report));
