// The service-site map: the sites of a region, near a point or within the
// visible rectangle, from persisted serviceSites queries (at most maxPages
// pages), drawn by their WGS-84 coordinates over the four provinces'
// shipped outlines (boundaries.json) and the regions' seats, merged into
// grid clusters while zoomed out. A site's card shows its source, whether
// it is sample data and how old its data is.
'use strict';

(() => {
  const { fillSiteTypes, query, age, el, boundaries } = civgraph;
  const pageSize = 100;
  const maxPages = 10; // at most 1,000 sites on the map
  const clusterCells = 24; // grid cells across the visible width
  const form = document.getElementById('controls');
  fillSiteTypes(form.siteType);
  const status = document.getElementById('status');
  const card = document.getElementById('card');
  const chart = echarts.init(document.getElementById('map'));
  let provinces = [];
  let sites = [];
  let seats = [];
  let seq = 0;
  let tileURL = ''; // playground.map_tile_url: XYZ tiles under the sites
  let outlines = []; // the provinces' polygons: {code, rings: [outer, holes…]}, each ring [[lng, lat]…]
  let frame = null; // the four provinces' extent, [west, south, east, north]
  let shown = null; // in bbox mode, the rectangle last queried

  // The map is in Web Mercator, as XYZ tiles are: x is the longitude, y
  // merc(latitude), both in degrees; the axes label WGS-84 degrees.
  const merc = (lat) => (180 / Math.PI) * Math.log(Math.tan(Math.PI / 4 + (lat * Math.PI) / 360));
  const unmerc = (y) => (360 / Math.PI) * Math.atan(Math.exp((y * Math.PI) / 180)) - 90;
  const xy = (p) => [p.lng, merc(p.lat)];
  const grid = { left: 60, right: 40, top: 20, bottom: 60 };

  // place is where a site is drawn: its own WGS-84 location, or, for a
  // site without one, its region's seat (marked approximate on its card).
  function place(s) {
    if (s.location) return s.location;
    return s.region && s.region.seat ? s.region.seat : null;
  }

  async function loadOutlines() {
    const geojson = await boundaries;
    outlines = [];
    for (const f of geojson.features) {
      const polys = f.geometry.type === 'Polygon' ? [f.geometry.coordinates] : f.geometry.coordinates;
      for (const rings of polys) outlines.push({ code: f.properties.code, rings });
    }
    const pts = outlines.flatMap((o) => o.rings[0]);
    frame = [Math.min(...pts.map((p) => p[0])), Math.min(...pts.map((p) => p[1])), Math.max(...pts.map((p) => p[0])), Math.max(...pts.map((p) => p[1]))];
  }

  async function loadRegions() {
    const out = await query('DashboardRegions', {});
    provinces = out.data.provinces;
    form.province.replaceChildren(...provinces.map((p) => el('option', { value: p.code }, p.name + ' ' + p.nameEn)));
    const wanted = new URLSearchParams(location.search);
    if (wanted.get('province')) form.province.value = wanted.get('province');
    fillRegions();
    if (wanted.get('region')) form.region.value = wanted.get('region');
    if (wanted.get('sample')) form.sample.checked = true;
    const near = (wanted.get('near') || '').split(',').map(Number);
    if (near.length === 3 && near.every(Number.isFinite)) {
      form.near.checked = true;
      [form.lat.value, form.lng.value, form.radius.value] = near;
    }
    // bbox=south,west,north,east: the sites within that rectangle.
    const box = (wanted.get('bbox') || '').split(',').map(Number);
    if (box.length === 4 && box.every(Number.isFinite)) {
      form.bbox.checked = true;
      form.near.checked = false;
      shown = { south: box[0], west: box[1], north: box[2], east: box[3] };
    }
  }

  function fillRegions() {
    const p = provinces.find((x) => x.code === form.province.value);
    form.region.replaceChildren(el('option', { value: '' }, '全省 Whole province'),
      ...(p ? p.region.children.map((c) => el('option', { value: c.code }, c.name)) : []));
    seats = p ? [p.region, ...p.region.children].filter((r) => r.seat) : [];
  }

  async function load() {
    const mine = ++seq;
    const p = provinces.find((x) => x.code === form.province.value);
    if (!p) return;
    const filter = { sample: form.sample.checked ? null : false };
    // Near a point or within the visible area: the circle or the box alone
    // decides, across every province.
    if (form.near.checked) {
      filter.near = { lat: Number(form.lat.value), lng: Number(form.lng.value), radiusKm: Number(form.radius.value) };
    } else if (form.bbox.checked) {
      shown = shown || viewBox();
      filter.bbox = shown;
    } else {
      filter.regionCodes = [form.region.value || p.region.code];
    }
    if (form.siteType.value) filter.siteTypes = [form.siteType.value];
    status.textContent = '查询中… Loading…';
    const got = [];
    let total = 0;
    let after = null;
    try {
      for (let i = 0; i < maxPages; i++) {
        const out = await query('MapSites', { filter, first: pageSize, after });
        if (mine !== seq) return;
        const conn = out.data && out.data.serviceSites;
        if (!conn) throw new Error((out.errors || []).map((e) => e.message).join('; ') || 'no answer');
        total = conn.totalCount;
        got.push(...conn.edges.map((e) => e.node));
        if (!conn.pageInfo.hasNextPage) break;
        after = conn.pageInfo.endCursor;
      }
    } catch (e) {
      status.textContent = '查询失败 Query failed: ' + e.message;
      status.className = 'status warn';
      return;
    }
    sites = got;
    const located = sites.filter((s) => s.location).length;
    const samples = sites.filter((s) => s.sample).length;
    const atSeat = sites.filter((s) => !s.location && place(s)).length;
    status.className = 'status';
    status.textContent = '共 ' + total + ' 个场所：' + located + ' 个有坐标，' + atSeat + ' 个画在区划驻地 · ' + total + ' sites: ' +
      located + ' with coordinates, ' + atSeat + ' drawn at their region\'s seat' +
      (sites.length - located - atSeat ? '；' + (sites.length - located - atSeat) + ' 个无位置未画出 · ' + (sites.length - located - atSeat) + ' without any location not drawn' : '') +
      (sites.length < total ? '（仅前 ' + sites.length + ' 个 · first ' + sites.length + ' only）' : '') +
      (samples ? ' · 其中示例数据 ' + samples + ' 个 · ' + samples + ' of them sample data' : '');
    chart.setOption(base(), true);
    if (form.bbox.checked) zoomTo(shown);
    draw();
  }

  // viewBox is the visible rectangle in WGS-84, clamped to valid
  // latitudes and longitudes; before the first drawing, the province's
  // outline extent.
  function viewBox() {
    const opt = chart.getOption();
    if (!opt || !opt.xAxis) {
      const rings = outlines.filter((o) => o.code === form.province.value).flatMap((o) => o.rings[0]);
      const lng = rings.map((p) => p[0]);
      const lat = rings.map((p) => p[1]);
      return { south: Math.min(...lat), west: Math.min(...lng), north: Math.max(...lat), east: Math.max(...lng) };
    }
    const [x0, x1] = visible(opt, 'xAxis', 0);
    const [y0, y1] = visible(opt, 'yAxis', 1);
    const r = (v) => Math.round(v * 1e4) / 1e4;
    return { south: r(Math.max(-85, unmerc(y0))), west: r(Math.max(-180, x0)), north: r(Math.min(85, unmerc(y1))), east: r(Math.min(180, x1)) };
  }

  // zoomTo shows exactly the box b (a box asked for by the link or the
  // last pan), stretched to the panel if its shape differs.
  function zoomTo(b) {
    chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: b.west, endValue: b.east });
    chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 1, startValue: merc(b.south), endValue: merc(b.north) });
  }

  // trueToScale widens the shorter of two ranges (degrees of longitude and
  // Mercator degrees of latitude) about its centre so that a degree is as
  // many pixels across as up: shapes are drawn true to scale, not
  // stretched to the panel.
  function trueToScale(x, y) {
    const w = Math.max(1, chart.getWidth() - grid.left - grid.right);
    const h = Math.max(1, chart.getHeight() - grid.top - grid.bottom);
    const perPixel = Math.max((x[1] - x[0]) / w, (y[1] - y[0]) / h);
    const around = (r, px) => {
      const mid = (r[0] + r[1]) / 2;
      return [mid - (perPixel * px) / 2, mid + (perPixel * px) / 2];
    };
    return [around(x, w), around(y, h)];
  }

  function base() {
    let pts = [...sites.map(place).filter(Boolean), ...seats.map((r) => r.seat)];
    // A whole province: all of its outline in view.
    if (!form.near.checked && !form.region.value) {
      for (const o of outlines) if (o.code === form.province.value) pts.push(...o.rings[0].map(([lng, lat]) => ({ lng, lat })));
    }
    // Within the visible area the frame is the four provinces, so that
    // the view can move anywhere over them.
    if (form.bbox.checked || !pts.length) pts = [{ lng: frame[0], lat: frame[1] }, { lng: frame[2], lat: frame[3] }];
    const lng = pts.map((p) => p.lng);
    const lat = pts.map((p) => merc(p.lat));
    const pad = 0.05;
    const [x, y] = trueToScale([Math.min(...lng) - pad, Math.max(...lng) + pad], [Math.min(...lat) - pad, Math.max(...lat) + pad]);
    return {
      textStyle: { fontFamily: 'Noto Sans SC' },
      tooltip: { trigger: 'item' },
      grid,
      xAxis: { type: 'value', name: '经度 lng', min: x[0], max: x[1], axisLabel: { formatter: (v) => v.toFixed(2) } },
      yAxis: { type: 'value', name: '纬度 lat', min: y[0], max: y[1], axisLabel: { formatter: (v) => unmerc(v).toFixed(2) } },
      dataZoom: [
        { type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'inside', yAxisIndex: 0, filterMode: 'none' },
        { type: 'slider', xAxisIndex: 0, filterMode: 'none' }, { type: 'slider', yAxisIndex: 0, filterMode: 'none' },
      ],
      series: [
        // The provinces' outlines: the base layer when there are no tiles,
        // a light tint over them. One path per polygon: its holes (Beijing
        // and Tianjin inside Hebei) wind the other way and stay unfilled.
        { id: 'outlines', type: 'custom', silent: true, clip: true, z: 0,
          data: outlines.map((o, i) => [i, o.rings.length]),
          renderItem: (params, api) => ({
            type: 'path',
            shape: { pathData: outlines[params.dataIndex].rings.map((ring) => 'M' + ring.map((p) => api.coord([p[0], merc(p[1])]).map((v) => v.toFixed(1)).join(' ')).join('L') + 'Z').join('') },
            style: { fill: tileURL ? 'rgba(31, 58, 95, 0.1)' : '#f1f4f8', stroke: '#4a5568', lineWidth: 1 },
          }) },
        { id: 'seats', type: 'scatter', symbolSize: 5, itemStyle: { color: '#999' }, silent: true,
          data: seats.map((r) => ({ name: r.name, value: xy(r.seat) })),
          label: { show: true, formatter: (p) => p.name, position: 'bottom', color: '#777', fontSize: 10 } },
        { id: 'sites', type: 'scatter', data: [] },
      ],
    };
  }

  // draw merges the sites in each grid cell of the visible extent into one
  // cluster; a cell holding one site shows the site itself.
  function draw() {
    const opt = chart.getOption();
    if (!opt.xAxis) return;
    const [x0, x1] = visible(opt, 'xAxis', 0);
    const cell = Math.max((x1 - x0) / clusterCells, 1e-6);
    const cells = new Map();
    for (const s of sites) {
      const at = place(s);
      if (!at) continue;
      const k = Math.floor(at.lng / cell) + ',' + Math.floor(at.lat / cell);
      if (!cells.has(k)) cells.set(k, []);
      cells.get(k).push(s);
    }
    const data = [];
    for (const group of cells.values()) {
      const samples = group.filter((s) => s.sample).length;
      if (group.length === 1) {
        const s = group[0];
        const at = place(s);
        data.push({ name: s.name, value: [...xy(at), 1], site: s.id, samples, symbolSize: 10,
          itemStyle: s.location ? { color: s.sample ? '#e69f00' : '#1f77b4' } : { color: '#fff', borderColor: '#1f77b4', borderWidth: 2 } });
      } else {
        const lng = group.reduce((a, s) => a + place(s).lng, 0) / group.length;
        const lat = group.reduce((a, s) => a + merc(place(s).lat), 0) / group.length;
        // A cluster says how many of its sites are sample data: an orange
        // ring, and the count under the total.
        data.push({ name: group.length + ' 个场所 sites' + (samples ? '，其中 ' + samples + ' 个示例 · ' + samples + ' sample' : '，均为真实记录 · all real'),
          value: [lng, lat, group.length], samples, symbolSize: Math.max(samples ? 34 : 0, 14 + 4 * Math.sqrt(group.length)),
          itemStyle: samples ? { color: '#08519c', opacity: 0.85, borderColor: '#e69f00', borderWidth: 3 } : { color: '#08519c', opacity: 0.85 },
          label: { show: true, formatter: samples ? group.length + '\n示例' + samples : String(group.length), position: 'inside', color: '#fff', fontSize: samples ? 10 : 12, lineHeight: 11 } });
      }
    }
    chart.setOption({ series: [{ id: 'sites', data }], graphic: { elements: tiles(opt) } }, { replaceMerge: ['graphic'] });
    chart.getDom().dataset.points = String(data.length);
    chart.getDom().dataset.sites = String(data.reduce((a, d) => a + d.value[2], 0));
    chart.getDom().dataset.samples = String(data.reduce((a, d) => a + d.samples, 0));
  }

  // tiles covers the visible extent with 2–8 XYZ tiles across (at most
  // maxTiles), drawn under everything else; none without a tile URL.
  const maxTiles = 64;
  function tiles(opt) {
    if (!tileURL) return [];
    const [x0, x1] = visible(opt, 'xAxis', 0);
    const [y0, y1] = visible(opt, 'yAxis', 1);
    const z = Math.max(0, Math.min(18, Math.floor(Math.log2((360 * 4) / Math.max(x1 - x0, 1e-9)))));
    const n = 2 ** z;
    const tx = (lng) => Math.floor(((lng + 180) / 360) * n);
    const ty = (y) => Math.floor(((1 - y / 180) / 2) * n);
    const out = [];
    for (let x = Math.max(0, tx(x0)); x <= Math.min(n - 1, tx(x1)); x++) {
      for (let y = Math.max(0, ty(y1)); y <= Math.min(n - 1, ty(y0)); y++) {
        if (out.length >= maxTiles) return out;
        const [left, top] = chart.convertToPixel({ gridIndex: 0 }, [(x / n) * 360 - 180, 180 * (1 - (2 * y) / n)]);
        const [right, bottom] = chart.convertToPixel({ gridIndex: 0 }, [((x + 1) / n) * 360 - 180, 180 * (1 - (2 * (y + 1)) / n)]);
        const url = tileURL.replace('{z}', z).replace('{x}', x).replace('{y}', y);
        out.push({ type: 'image', silent: true, z: -10, style: { image: url, x: left, y: top, width: right - left, height: bottom - top, opacity: 0.8 } });
      }
    }
    return out;
  }

  function visible(opt, axis, zoomIndex) {
    const a = opt[axis][0];
    const z = opt.dataZoom && opt.dataZoom[zoomIndex];
    const span = a.max - a.min;
    if (!z) return [a.min, a.max];
    return [a.min + span * (z.start || 0) / 100, a.min + span * (z.end == null ? 100 : z.end) / 100];
  }

  function show(s) {
    const row = (k, v) => [el('dt', {}, k), el('dd', {}, v == null || v === '' ? '—' : String(v))];
    card.replaceChildren(el('h3', {}, s.name), el('dl', {},
      ...row('类型 Type', s.type),
      ...row('地址 Address', s.address),
      ...row('区划 Region', s.region ? s.region.name : s.province.name),
      ...row('来源 Source', s.source),
      ...row('示例数据 Sample data', s.sample ? '是（生成的示例）Yes, generated' : '否（真实记录）No, a real row'),
      ...row('数据年龄 Data age', s.dataAge ? age(s.dataAge.ageSeconds) + (s.dataAge.stale ? ' · 过期缓存 stale' : '') : null),
      ...row('更新时间 Updated', s.updatedAt),
      ...(s.distanceKm == null ? [] : row('距离 Distance', s.distanceKm + ' km')),
      ...row('坐标 WGS-84', s.location ? s.location.lat.toFixed(5) + ', ' + s.location.lng.toFixed(5)
        : '未知：画在所属区划驻地 Unknown: drawn at its region\'s seat'),
    ));
  }

  chart.on('click', (p) => {
    if (p.seriesId !== 'sites' || !p.data) return;
    if (p.data.site) {
      show(sites.find((s) => s.id === p.data.site));
      return;
    }
    // A cluster: zoom in around it.
    const opt = chart.getOption();
    const [x0, x1] = visible(opt, 'xAxis', 0);
    const [y0, y1] = visible(opt, 'yAxis', 1);
    const w = (x1 - x0) / 4;
    const h = (y1 - y0) / 4;
    chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 0, startValue: p.value[0] - w, endValue: p.value[0] + w });
    chart.dispatchAction({ type: 'dataZoom', dataZoomIndex: 1, startValue: p.value[1] - h, endValue: p.value[1] + h });
  });
  // Within the visible area, a pan or zoom asks again once it settles.
  let requery = 0;
  chart.on('datazoom', () => {
    draw();
    if (!form.bbox.checked) return;
    clearTimeout(requery);
    requery = setTimeout(() => {
      // Not again for the zoom that drew the last answer.
      const b = viewBox();
      const tol = Math.max(b.east - b.west, b.north - b.south) / 1000;
      if (shown && ['south', 'west', 'north', 'east'].every((k) => Math.abs(b[k] - shown[k]) <= tol)) return;
      shown = b;
      load();
    }, 400);
  });
  document.fonts.addEventListener('loadingdone', () => { if (sites.length || seats.length) { chart.setOption(base(), true); draw(); } });
  form.province.addEventListener('change', () => { fillRegions(); load(); });
  form.region.addEventListener('change', load);
  form.siteType.addEventListener('change', load);
  for (const f of [form.sample, form.lat, form.lng, form.radius]) f.addEventListener('change', load);
  // Near a point and within the visible area exclude each other.
  form.near.addEventListener('change', () => { if (form.near.checked) form.bbox.checked = false; load(); });
  form.bbox.addEventListener('change', () => { if (form.bbox.checked) { form.near.checked = false; shown = viewBox(); } load(); });
  window.addEventListener('resize', () => chart.resize());
  fetch('/dashboard/settings.json').then((r) => r.json()).then((c) => { tileURL = c.mapTileURL || ''; }, () => {})
    .then(loadOutlines).then(loadRegions).then(load, (e) => { status.textContent = '查询失败 Query failed: ' + e.message; status.className = 'status warn'; });
})();
