// The comparison dashboard: one persisted compare query per change of
// the controls, drawn as a bar chart, a map of the four provinces'
// boundaries (a choropleth at province level; proportional symbols at the
// regions' seats inside the outlines below it) and a ranked table. A
// province that did not answer has a null value: it is marked missing
// everywhere and drawn as "no data", never as zero.
'use strict';

(() => {
  const { fillSiteTypes, query, fmt, pct, age, download, el, boundaries, noDataFill } = civgraph;
  const form = document.getElementById('controls');
  fillSiteTypes(form.siteType);
  const status = document.getElementById('status');
  const bars = echarts.init(document.getElementById('bars'));
  const choropleth = echarts.init(document.getElementById('choropleth'));
  let geojson = null; // boundaries.json, once loaded
  let table = []; // the rows the table shows, for the CSV
  let seq = 0;
  let last = null; // redraws the latest answer

  const colors = { HEBEI: '#1f77b4', HUBEI: '#2ca02c', JIANGSU: '#9467bd', SHANGHAI: '#d62728' };
  const stateText = { FRESH: '正常 fresh', STALE: '过期缓存 stale', FAILED: '缺失 missing' };

  function variables() {
    const f = new FormData(form);
    const filter = { sample: f.get('sample') ? null : false };
    if (f.get('siteType')) filter.siteTypes = [f.get('siteType')];
    return { metric: f.get('metric'), groupBy: f.get('groupBy'), provinces: f.getAll('province'), filter };
  }

  async function run() {
    const mine = ++seq;
    const vars = variables();
    status.textContent = '查询中… Loading…';
    status.className = 'status';
    let out;
    try {
      out = await query('DashboardCompare', vars);
    } catch (e) {
      if (mine !== seq) return;
      status.textContent = '查询失败 Query failed: ' + e.message;
      if (e.message.includes('TOO_MANY_UPSTREAM_CALLS')) {
        status.textContent = '县级分组超出单次查询的上游调用上限，请少选省份。County level needs more upstream calls than one query may make: choose fewer provinces. (' + e.message + ')';
      }
      status.className = 'status warn';
      return;
    }
    if (mine !== seq) return;
    const c = out.data && out.data.compare;
    if (!c) { status.textContent = '无结果 No result'; return; }
    geojson = await boundaries;
    if (mine !== seq) return;
    last = () => render(c, out.errors || []);
    last();
  }

  function render(c, errors) {
    // Capacity and target values come in several units; the charts show
    // the unit with the most rows, the table all of them.
    const units = {};
    for (const r of c.rows) units[r.unit || ''] = (units[r.unit || ''] || 0) + 1;
    const unit = Object.keys(units).sort((a, b) => units[b] - units[a])[0] || '';
    const rows = c.rows.slice().sort((a, b) => {
      if ((a.value == null) !== (b.value == null)) return a.value == null ? 1 : -1;
      if ((a.unit || '') !== (b.unit || '')) return (a.unit || '').localeCompare(b.unit || '');
      return (b.value || 0) - (a.value || 0) || a.key.localeCompare(b.key);
    });
    const missing = [...new Set(rows.filter((r) => r.state === 'FAILED').map((r) => r.province.name + ' ' + r.province.nameEn))];
    const stale = [...new Set(rows.filter((r) => r.state === 'STALE').map((r) => r.province.name + ' ' + r.province.nameEn))];
    const msgs = [];
    if (missing.length) msgs.push('缺失（未应答，不计入合计）Missing (no answer, left out of totals): ' + missing.join('、'));
    if (stale.length) msgs.push('过期缓存 Stale data: ' + stale.join('、'));
    if (c.sample === null) msgs.push('含示例数据 Sample rows included');
    status.textContent = msgs.join(' · ') || '共 ' + rows.length + ' 行 · ' + rows.length + ' rows';
    status.className = missing.length || stale.length ? 'status warn' : 'status';
    if (errors.length && !missing.length) status.textContent += ' · ' + errors.map((e) => e.message).join('; ');

    drawBars(rows.filter((r) => (r.unit || '') === unit), unit);
    drawMap(rows.filter((r) => (r.unit || '') === unit), c.groupBy);
    fillTable(rows);
  }

  function drawBars(rows, unit) {
    // Many missing rows (a failed province's prefectures): markers only,
    // the table and the status line name them.
    const fewMissing = rows.filter((r) => r.value == null).length <= 6;
    const cats = rows.map((r) => r.label + (r.state === 'FAILED' ? ' ⚠' : r.state === 'STALE' ? ' (过期)' : ''));
    bars.setOption({
      title: { text: '数值 Value' + (unit ? ' (' + unit + ')' : '') + ' · 颜色=省份 colour = province; ⚠ 缺失 missing; 黄 = 过期 yellow = stale', textStyle: { fontFamily: 'Noto Sans SC', fontSize: 14 } },
      textStyle: { fontFamily: 'Noto Sans SC' },
      tooltip: { trigger: 'axis' },
      grid: { left: 50, right: 20, bottom: 90, top: 40 },
      xAxis: { type: 'category', data: cats, axisLabel: { rotate: rows.length > 6 ? 45 : 0, interval: 0, fontFamily: 'Noto Sans SC' } },
      yAxis: { type: 'value' },
      series: [
        {
          name: 'value', type: 'bar',
          // '-' is ECharts' empty value: no bar at all, not a zero bar.
          data: rows.map((r) => (r.value == null ? '-' : { value: r.value, itemStyle: { color: r.state === 'STALE' ? '#d9a400' : colors[r.province.code] } })),
          label: { show: rows.length <= 20, position: 'top' },
        },
        {
          name: 'missing', type: 'scatter', symbol: 'triangle', symbolSize: 14, itemStyle: { color: '#a4262c' },
          data: rows.map((r) => (r.value == null ? 0 : '-')),
          label: { show: fewMissing, position: 'top', formatter: '缺失 missing', color: '#a4262c', fontFamily: 'Noto Sans SC' },
          tooltip: { formatter: (p) => rows[p.dataIndex].label + ': 缺失 missing (' + (rows[p.dataIndex].errorCode || '') + ')' },
        },
      ],
    }, true);
  }

  // describe is a row's tooltip: value, share, per 10,000 elderly, state.
  function describe(r) {
    const lines = [r.province.name + ' ' + r.province.nameEn + (r.label !== r.province.name ? ' · ' + r.label : '')];
    lines.push('数值 Value: ' + (r.value == null ? '无数据 no data' + (r.errorCode ? ' (' + r.errorCode + ')' : '') : fmt.format(r.value) + (r.unit ? ' ' + r.unit : '')));
    if (r.share != null) lines.push('占比 Share: ' + pct.format(r.share));
    if (r.perTenThousandElderly != null) lines.push('每万老人 Per 10,000 elderly: ' + fmt.format(r.perTenThousandElderly));
    lines.push('状态 State: ' + stateText[r.state] + (r.dataAge && r.state === 'STALE' ? ' · ' + age(r.dataAge.ageSeconds) : ''));
    return lines.map((l) => l.replace(/[&<>]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[ch])).join('<br>');
  }

  // drawMap draws the provinces' boundaries: at province level filled by
  // value (visualMap), below it as outlines with a proportional symbol at
  // each region's seat. A province with a FAILED row is hatched "no data"
  // and labelled so; one with a STALE row gets a yellow outline.
  function drawMap(rows, groupBy) {
    const atProvince = groupBy === 'PROVINCE';
    const state = {}; // the worst state of each province's rows
    const rank = { FRESH: 0, STALE: 1, FAILED: 2 };
    for (const r of rows) {
      const s = state[r.province.code];
      if (s === undefined || rank[r.state] > rank[s]) state[r.province.code] = r.state;
    }
    const provinceRow = {};
    if (atProvince) for (const r of rows) provinceRow[r.province.code] = r;
    const names = {};
    for (const f of geojson.features) names[f.properties.code] = f.properties;
    const regionStyle = (code) => {
      if (state[code] === 'FAILED') return { areaColor: noDataFill(), borderColor: '#6b6b6b', borderWidth: 1.5 };
      if (state[code] === undefined) return { areaColor: '#f7f7f7', borderColor: '#b0b7c3', borderType: 'dashed' };
      const base = atProvince ? {} : { areaColor: '#eef2f7' };
      return state[code] === 'STALE' ? { ...base, borderColor: '#d9a400', borderWidth: 3 } : { ...base, borderColor: '#4a5568', borderWidth: 1 };
    };
    const label = (code) => {
      const p = names[code];
      const note = state[code] === 'FAILED' ? '\n无数据 no data' : state[code] === 'STALE' ? '\n过期 stale' : state[code] === undefined ? '\n未选 not selected' : '';
      return p.name.replace(/[省市]$/, '') + ' ' + p.nameEn + note;
    };
    const placed = atProvince ? [] : rows.filter((r) => r.region && r.region.seat);
    const values = (atProvince ? rows : placed).map((r) => r.value).filter((v) => v != null);
    const max = Math.max(1, ...values);
    const min = Math.min(0, ...values);
    const item = (r) => ({ name: r.label, value: [r.region.seat.lng, r.region.seat.lat, r.value == null ? '-' : r.value], row: r });
    const series = [];
    if (atProvince) {
      series.push({
        id: 'areas', type: 'map', geoIndex: 0,
        // '-' is ECharts' empty value: the visualMap leaves the region to its
        // "no data" style instead of colouring it as a zero.
        data: geojson.features.map((f) => {
          const r = provinceRow[f.properties.code];
          return { name: f.properties.code, value: r && r.value != null ? r.value : '-', row: r };
        }),
      });
    } else {
      series.push(
        {
          id: 'symbols', type: 'scatter', coordinateSystem: 'geo', geoIndex: 0, data: placed.filter((r) => r.value != null).map(item),
          symbolSize: (v) => 6 + 34 * Math.sqrt(Math.max(v[2], 0) / max),
          itemStyle: { borderColor: '#fff', borderWidth: 0.5 },
          label: { show: placed.length <= 20, formatter: (p) => p.name, position: 'right', fontFamily: 'Noto Sans SC', fontSize: 10 },
        },
        {
          id: 'missing', type: 'scatter', coordinateSystem: 'geo', geoIndex: 0, data: placed.filter((r) => r.value == null).map(item), symbol: 'triangle', symbolSize: 10,
          itemStyle: { color: '#fff', borderColor: '#a4262c', borderWidth: 1.5 },
        },
      );
    }
    choropleth.setOption({
      title: { text: atProvince ? '分省填色 Choropleth by province' : '省界内驻地比例符号 Symbols at seats, in province outlines', textStyle: { fontFamily: 'Noto Sans SC', fontSize: 14 } },
      textStyle: { fontFamily: 'Noto Sans SC' },
      tooltip: {
        trigger: 'item',
        formatter: (p) => {
          const r = p.data && p.data.row;
          if (r) return describe(r);
          const code = p.name;
          return names[code] ? names[code].name + ' ' + names[code].nameEn + '<br>' + (state[code] === 'FAILED' ? '无数据 no data' : state[code] ? '' : '未选 not selected') : '';
        },
      },
      geo: {
        map: 'civgraph-provinces', nameProperty: 'code', roam: true, top: 40, bottom: 10, left: 10, right: 70,
        itemStyle: { areaColor: '#eef2f7', borderColor: '#4a5568' },
        // No hover fill: ECharts' default is yellow, the colour of stale data.
        emphasis: { disabled: true },
        label: { show: true, fontFamily: 'Noto Sans SC', fontSize: 11, color: '#1d2433', formatter: (p) => label(p.name) },
        regions: geojson.features.map((f) => ({ name: f.properties.code, itemStyle: regionStyle(f.properties.code) })),
        tooltip: { show: true },
      },
      visualMap: {
        show: true, type: 'continuous', min, max, seriesIndex: 0, dimension: atProvince ? undefined : 2, calculable: false,
        right: 0, top: 40, itemHeight: 120, text: ['高 high', '低 low'], textStyle: { fontFamily: 'Noto Sans SC' },
        inRange: { color: ['#deebf7', '#08519c'] },
      },
      series,
    }, true);
    // For the browser test: the state each province is drawn in.
    choropleth.getDom().dataset.states = JSON.stringify(state);
  }

  function fillTable(rows) {
    const body = document.querySelector('#table tbody');
    body.replaceChildren();
    table = rows.map((r) => [
      r.rank == null ? '' : String(r.rank),
      r.province.name + ' ' + r.province.nameEn,
      r.label,
      r.unit || '',
      r.value == null ? '缺失 missing' + (r.errorCode ? ' (' + r.errorCode + ')' : '') : fmt.format(r.value),
      r.share == null ? '' : pct.format(r.share),
      r.perTenThousandElderly == null ? '' : fmt.format(r.perTenThousandElderly),
      stateText[r.state] + (r.dataAge && r.state === 'STALE' ? ' · ' + age(r.dataAge.ageSeconds) : ''),
    ]);
    rows.forEach((r, i) => {
      const tr = el('tr', { class: r.state === 'FAILED' ? 'missing' : r.state === 'STALE' ? 'stale' : '', 'data-key': r.key, 'data-state': r.state });
      table[i].forEach((v, j) => tr.append(el('td', { class: j === 0 || (j >= 4 && j <= 6) ? 'num' : '' }, v)));
      body.append(tr);
    });
  }

  // csv quotes every field; the BOM makes spreadsheet programs read UTF-8.
  function csv() {
    const head = [...document.querySelectorAll('#table thead th')].map((th) => th.textContent);
    const q = (s) => '"' + String(s).replaceAll('"', '""') + '"';
    return '\ufeff' + [head, ...table].map((r) => r.map(q).join(',')).join('\r\n') + '\r\n';
  }

  form.addEventListener('change', run);
  document.getElementById('preset-canteens').addEventListener('click', () => {
    form.metric.value = 'SITE_COUNT';
    form.groupBy.value = 'PREFECTURE';
    form.siteType.value = 'COMMUNITY_CANTEEN';
    form.sample.checked = false;
    for (const b of form.querySelectorAll('input[name=province]')) b.checked = true;
    run();
  });
  document.getElementById('export-csv').addEventListener('click', () => {
    download('civgraph-compare.csv', URL.createObjectURL(new Blob([csv()], { type: 'text/csv;charset=utf-8' })));
  });
  document.getElementById('export-png').addEventListener('click', () => {
    download('civgraph-compare.png', bars.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
  });
  document.getElementById('export-map-png').addEventListener('click', () => {
    download('civgraph-compare-map.png', choropleth.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#fff' }));
  });
  // Canvas text is drawn with whatever font is ready; the webfont's slices
  // arrive as the table asks for their characters, so draw again then.
  document.fonts.addEventListener('loadingdone', () => { if (last) last(); });
  window.addEventListener('resize', () => { bars.resize(); choropleth.resize(); });
  run();
})();
