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
const BBOX = '31.1,121.3,31.35,121.6'; // south,west,north,east: central Shanghai
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
  canteenMap: { states: {}, symbols: [], missing: [] }, // the map below province level: region keys per series
  webfontSlices: 0, webfontReady: false,
  choroplethShot: '', choroplethPixels: {}, // the choropleth's screenshot and, per province, pixels inside it
  choroplethValues: {}, // the value of each province's area ('-' is none)
  choroplethStates: {}, // the state each province is drawn in
  mapSites: -1, mapPoints: -1, mapStatus: '', card: '',
  mapDrawn: [], // the map's points: [lng, lat, sites, samples] (a cluster is at its sites' mean)
  mapOutlines: 0, // rings drawn by the outlines series
  mapShot: '', mapInside: [], mapOutside: [], // the map's screenshot; pixels inside Shanghai's outline, outside every outline
  nearSites: -1, nearStatus: '',
  bboxSites: -1, bboxSamples: -1, bboxStatus: '', bboxDrawn: [], bboxRequeried: '',
  timings: {}, // milliseconds since start, per step
  error: '',
};
const t0 = Date.now();
const mark = (k) => { report.timings[k] = Date.now() - t0; };

// pixelPoints lays a grid over each given province's polygons of
// boundaries.json and returns, per province, the points inside it (with
// outside, the points outside every province) as pixels of the chart's
// element, converted by the chart's own coordinate system. The test reads
// their colours from a screenshot of the element: the canvas itself may
// not be read once it holds another origin's tiles.
const pixelPoints = (page, sel, finder, codes, outside) => page.evaluate(async ([s, finder, codes, outside]) => {
  const geo = await (await fetch('/dashboard/boundaries.json')).json();
  const c = echarts.getInstanceByDom(document.querySelector(s));
  const { clientWidth: w, clientHeight: h } = document.querySelector(s);
  const ringsOf = (f) => (f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates).flat();
  const inside = (rings, [x, y]) => {
    let odd = false;
    for (const ring of rings) {
      for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
        const [xi, yi] = ring[i];
        const [xj, yj] = ring[j];
        if ((yi > y) !== (yj > y) && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) odd = !odd;
      }
    }
    return odd;
  };
  const merc = (lat) => (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const all = geo.features.flatMap(ringsOf);
  const out = {};
  for (const code of codes) {
    const rings = geo.features.filter((f) => f.properties.code === code).flatMap(ringsOf);
    const pts = rings.flat();
    const [x0, x1] = [Math.min(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[0]))];
    const [y0, y1] = [Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[1]))];
    out[code] = [];
    for (let i = 0; i <= 60; i++) {
      for (let j = 0; j <= 60; j++) {
        const p = [x0 + ((x1 - x0) * i) / 60, y0 + ((y1 - y0) * j) / 60];
        if (outside ? inside(all, p) : !inside(rings, p)) continue;
        const px = c.convertToPixel(finder, finder.gridIndex === undefined ? p : [p[0], merc(p[1])]);
        if (px && px[0] >= 0 && px[1] >= 0 && px[0] < w && px[1] < h && (finder.gridIndex === undefined || c.containPixel(finder, px))) out[code].push([Math.floor(px[0]), Math.floor(px[1])]);
      }
    }
  }
  return out;
}, [sel, finder, codes, outside]);

// settle waits for the webfont slices the page's text asked for (canvas
// text too) before the page is left: a slice still loading would be
// aborted and reported as a failed request.
const settle = async (page) => {
  await page.evaluate(() => document.fonts.ready);
  await page.waitForLoadState('networkidle');
};

// mapPoints is the site map's drawn points as [lng, lat, sites, samples].
const mapPoints = (page) => page.evaluate(() => {
  const c = echarts.getInstanceByDom(document.getElementById('map'));
  const unmerc = (y) => (360 / Math.PI) * Math.atan(Math.exp((y * Math.PI) / 180)) - 90;
  return c.getOption().series.find((x) => x.id === 'sites').data.map((d) => [d.value[0], unmerc(d.value[1]), d.value[2], d.samples]);
});

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
    // The choropleth: each province's fill, as drawn on the canvas.
    await page.waitForTimeout(300); // the map's first frame after the last font slice
    report.choroplethPixels = await pixelPoints(page, '#choropleth', { geoIndex: 0 }, ['HEBEI', 'HUBEI', 'JIANGSU', 'SHANGHAI'], false);
    report.choroplethShot = join(dir, 'compare-choropleth.png');
    await page.locator('#choropleth').screenshot({ path: report.choroplethShot });
    const areas = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('choropleth')).getOption().series[0].data);
    for (const a of areas) report.choroplethValues[a.name] = a.value;
    report.choroplethStates = JSON.parse(await page.$eval('#choropleth', (d) => d.dataset.states || '{}'));
    mark('compare');
    await page.screenshot({ path: join(dir, 'compare-provinces.png'), fullPage: true });

    // The table's CSV, through the browser's own download.
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('#export-csv')]);
    report.csvName = download.suggestedFilename();
    report.csv = readFileSync(await download.path(), 'utf8');
    const [png] = await Promise.all([page.waitForEvent('download'), page.click('#export-png')]);
    await png.saveAs(join(dir, 'compare-chart-export.png'));
    const [mapPng] = await Promise.all([page.waitForEvent('download'), page.click('#export-map-png')]);
    await mapPng.saveAs(join(dir, 'compare-map-export.png'));

    // The per-prefecture canteen question from a fresh page, counting clicks.
    await settle(page);
    await page.goto(base + 'compare', { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForSelector('#table tbody tr', { timeout: 20000 });
    const before = await page.$$eval('#table tbody tr', (t) => t.length);
    await page.click('#preset-canteens');
    report.canteenClicks++;
    await page.waitForFunction((n) => document.querySelectorAll('#table tbody tr').length !== n, before, { timeout: 20000 });
    report.canteenGroupBy = await page.$eval('select[name=groupBy]', (s) => s.value);
    report.canteenRows = await page.$$eval('#table tbody tr', (trs) => trs.map((tr) => [...tr.children].map((td) => td.textContent)));
    report.canteenMap = await page.evaluate(() => {
      const d = document.getElementById('choropleth');
      const series = echarts.getInstanceByDom(d).getOption().series;
      const keys = (id) => (series.find((x) => x.id === id) || { data: [] }).data.map((p) => p.row.key);
      return { states: JSON.parse(d.dataset.states || '{}'), symbols: keys('symbols'), missing: keys('missing') };
    });
    await page.evaluate(() => document.fonts.ready);
    await page.waitForTimeout(300); // the redraw after the last font slice
    mark('canteens');
    await page.screenshot({ path: join(dir, 'compare-canteens-by-prefecture.png'), fullPage: true });

    // The map: Shanghai's sites, then open one site's card, clicking
    // clusters (which zoom in) until a single site is on screen.
    await settle(page);
    await page.goto(base + 'map?province=SHANGHAI', { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForFunction(() => document.getElementById('map').dataset.sites !== undefined, null, { timeout: 20000 });
    report.mapSites = Number(await page.$eval('#map', (m) => m.dataset.sites));
    report.mapPoints = Number(await page.$eval('#map', (m) => m.dataset.points));
    report.mapStatus = await page.locator('#status').textContent();
    report.mapDrawn = await mapPoints(page);
    report.mapOutlines = await page.evaluate(() => echarts.getInstanceByDom(document.getElementById('map')).getOption().series.find((x) => x.id === 'outlines').data.reduce((n, d) => n + d[1], 0));
    report.mapInside = (await pixelPoints(page, '#map', { gridIndex: 0 }, ['SHANGHAI'], false)).SHANGHAI;
    report.mapOutside = (await pixelPoints(page, '#map', { gridIndex: 0 }, ['SHANGHAI'], true)).SHANGHAI;
    report.mapShot = join(dir, 'map-outlines.png');
    await page.locator('#map').screenshot({ path: report.mapShot });
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
    await settle(page);
    await page.goto(base + 'map?province=SHANGHAI&sample=1&near=' + NEAR, { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForFunction(() => document.getElementById('map').dataset.sites !== undefined, null, { timeout: 20000 });
    report.nearSites = Number(await page.$eval('#map', (m) => m.dataset.sites));
    report.nearStatus = await page.locator('#status').textContent();
    await page.screenshot({ path: join(dir, 'map-near.png'), fullPage: true });
    // Within a rectangle, sample rows included; then a zoom asks again.
    await settle(page);
    await page.goto(base + 'map?province=SHANGHAI&sample=1&bbox=' + BBOX, { waitUntil: 'networkidle', timeout: 30000 });
    await page.waitForFunction(() => document.getElementById('map').dataset.sites !== undefined, null, { timeout: 20000 });
    report.bboxSites = Number(await page.$eval('#map', (m) => m.dataset.sites));
    report.bboxSamples = Number(await page.$eval('#map', (m) => m.dataset.samples));
    report.bboxStatus = await page.locator('#status').textContent();
    report.bboxDrawn = await mapPoints(page);
    await page.screenshot({ path: join(dir, 'map-bbox.png'), fullPage: true });
    const sent = report.graphqlBodies.length;
    await page.evaluate(() => {
      const c = echarts.getInstanceByDom(document.getElementById('map'));
      c.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: 121.4, endValue: 121.5 });
    });
    // The page waits 400 ms for the zoom to settle, then asks again.
    for (let i = 0; i < 40 && !report.bboxRequeried; i++) {
      await page.waitForTimeout(250);
      report.bboxRequeried = report.graphqlBodies.slice(sent).find((b) => b.includes('"bbox"')) || '';
    }
    await settle(page);
    mark('map');
    await page.screenshot({ path: join(dir, 'map-card.png'), fullPage: true });
  });
} catch (e) {
  report.error = String(e && e.stack || e);
}
console.log(JSON.stringify(report));
