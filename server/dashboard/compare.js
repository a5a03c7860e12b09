// The comparison dashboard: one persisted compare query per change of
// the controls, drawn as a bar chart, proportional symbols at the regions'
// seats and a ranked table. A province that did not answer has a null
// value: it is marked missing everywhere, never drawn as zero.
'use strict';

(() => {
  const { fillSiteTypes, query, fmt, pct, age, download, el } = civgraph;
  const form = document.getElementById('controls');
  fillSiteTypes(form.siteType);
  const status = document.getElementById('status');
  const bars = echarts.init(document.getElementById('bars'));
  const symbols = echarts.init(document.getElementById('symbols'));
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
    drawSymbols(rows.filter((r) => (r.unit || '') === unit));
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

  function drawSymbols(rows) {
    const placed = rows.filter((r) => r.region && r.region.seat);
    const max = Math.max(1, ...placed.map((r) => r.value || 0));
    const item = (r) => ({ name: r.label, value: [r.region.seat.lng, r.region.seat.lat, r.value == null ? '-' : r.value] });
    symbols.setOption({
      title: { text: '驻地比例符号 Symbols at seats', textStyle: { fontFamily: 'Noto Sans SC', fontSize: 14 } },
      textStyle: { fontFamily: 'Noto Sans SC' },
      tooltip: { formatter: (p) => p.name + ': ' + (p.value[2] === '-' ? '缺失 missing' : fmt.format(p.value[2])) },
      grid: { left: 50, right: 20, bottom: 40, top: 40 },
      xAxis: { type: 'value', scale: true, name: '经度 lng' },
      yAxis: { type: 'value', scale: true, name: '纬度 lat' },
      visualMap: { show: true, min: 0, max, dimension: 2, seriesIndex: 0, calculable: true, right: 0, top: 30, itemHeight: 100, inRange: { color: ['#c6dbef', '#08519c'] } },
      series: [
        {
          name: 'value', type: 'scatter', data: placed.filter((r) => r.value != null).map(item),
          symbolSize: (v) => 6 + 40 * Math.sqrt(v[2] / max),
          label: { show: placed.length <= 20, formatter: (p) => p.name, position: 'right', fontFamily: 'Noto Sans SC' },
        },
        {
          name: 'missing', type: 'scatter', data: placed.filter((r) => r.value == null).map(item), symbol: 'triangle', symbolSize: 14,
          itemStyle: { color: '#fff', borderColor: '#a4262c', borderWidth: 2 },
          label: { show: placed.filter((r) => r.value == null).length <= 6, formatter: (p) => p.name + ' 缺失 missing', position: 'right', color: '#a4262c', fontFamily: 'Noto Sans SC' },
        },
      ],
    }, true);
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
  // Canvas text is drawn with whatever font is ready; the webfont's slices
  // arrive as the table asks for their characters, so draw again then.
  document.fonts.addEventListener('loadingdone', () => { if (last) last(); });
  window.addEventListener('resize', () => { bars.resize(); symbols.resize(); });
  run();
})();
