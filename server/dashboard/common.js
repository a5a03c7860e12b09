// Shared by the dashboard pages: the GraphQL client (persisted operations
// only), number formatting and downloads.
'use strict';

const civgraph = (() => {
  // The pages send only the operations in operations.json, by their
  // sha256 hash; a gateway without that manifest (automatic persisted
  // queries) answers PERSISTED_QUERY_NOT_FOUND once, and the document is
  // then sent with its hash.
  const operations = fetch('/dashboard/operations.json')
    .then((r) => { if (!r.ok) throw new Error('operations.json: HTTP ' + r.status); return r.json(); })
    .then((manifest) => {
      const byName = {};
      for (const [hash, body] of Object.entries(manifest)) {
        const m = /^(?:query|mutation)\s+(\w+)/.exec(body);
        if (m) byName[m[1]] = { hash, body };
      }
      return byName;
    });

  async function post(payload) {
    const res = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/graphql-response+json, application/json' },
      body: JSON.stringify(payload),
    });
    const text = await res.text();
    try {
      return JSON.parse(text);
    } catch {
      throw new Error('HTTP ' + res.status + ': ' + text.slice(0, 200));
    }
  }

  // query runs the named persisted operation and returns {data, errors}.
  async function query(name, variables) {
    const op = (await operations)[name];
    if (!op) throw new Error('unknown operation ' + name);
    const persistedQuery = { version: 1, sha256Hash: op.hash };
    let out = await post({ operationName: name, variables, extensions: { persistedQuery } });
    const notFound = (out.errors || []).some((e) => e.extensions && e.extensions.code === 'PERSISTED_QUERY_NOT_FOUND');
    if (notFound) out = await post({ operationName: name, variables, query: op.body, extensions: { persistedQuery } });
    if (!out.data && out.errors) throw new Error(out.errors.map((e) => (e.extensions && e.extensions.code ? e.extensions.code + ': ' : '') + e.message).join('; '));
    return out;
  }

  const fmt = new Intl.NumberFormat('zh-CN', { maximumFractionDigits: 2 });
  const pct = new Intl.NumberFormat('zh-CN', { style: 'percent', maximumFractionDigits: 1 });

  // age says how old data is, in the largest whole unit.
  function age(seconds) {
    if (seconds == null) return '';
    if (seconds < 120) return seconds + ' 秒 s';
    if (seconds < 7200) return Math.round(seconds / 60) + ' 分 min';
    if (seconds < 172800) return Math.round(seconds / 3600) + ' 时 h';
    return Math.round(seconds / 86400) + ' 天 d';
  }

  function download(filename, href) {
    const a = document.createElement('a');
    a.href = href;
    a.download = filename;
    document.body.appendChild(a);
    a.click();
    a.remove();
  }

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v;
      else if (k.startsWith('on')) e.addEventListener(k.slice(2), v);
      else e.setAttribute(k, v);
    }
    for (const c of children) if (c != null) e.append(c);
    return e;
  }

  // siteTypes fills a page's site-type picker (the schema's SiteType).
  const siteTypes = [
    ['', '全部 All'],
    ['COMMUNITY_CANTEEN', '社区长者食堂 Community canteen'],
    ['MEAL_POINT', '助餐点 Meal point'],
    ['ELDERLY_SERVICE_CENTER', '养老服务中心 Elderly service centre'],
    ['ELDERLY_CARE_HOME', '养老机构 Care home'],
    ['CHILD_WELFARE_HOME', '儿童福利机构 Child welfare home'],
    ['MARRIAGE_REGISTRY', '婚姻登记处 Marriage registry'],
    ['FUNERAL_HOME', '殡仪馆 Funeral home'],
    ['CEMETERY', '公墓 Cemetery'],
    ['RESCUE_STATION', '救助站 Rescue station'],
    ['REHAB_AID_CENTER', '康复辅具中心 Rehab aid centre'],
  ];
  function fillSiteTypes(select) {
    select.replaceChildren(...siteTypes.map(([v, t]) => el('option', { value: v }, t)));
  }

  // boundaries is the four provinces' outlines (boundaries.json: Natural
  // Earth admin-1, WGS-84 longitude/latitude), registered with ECharts as
  // the map 'civgraph-provinces' whose regions are named by ProvinceCode.
  const boundaries = fetch('/dashboard/boundaries.json')
    .then((r) => { if (!r.ok) throw new Error('boundaries.json: HTTP ' + r.status); return r.json(); })
    .then((geojson) => {
      echarts.registerMap('civgraph-provinces', geojson);
      return geojson;
    });

  // noData is the fill of a province that did not answer: grey hatching,
  // which no value of the colour ramp can be mistaken for.
  const noDataColor = '#ececec';
  function noDataFill() {
    const c = document.createElement('canvas');
    c.width = 8;
    c.height = 8;
    const g = c.getContext('2d');
    g.fillStyle = noDataColor;
    g.fillRect(0, 0, 8, 8);
    g.strokeStyle = '#9e9e9e';
    g.lineWidth = 1;
    g.beginPath();
    g.moveTo(0, 8); g.lineTo(8, 0);
    g.stroke();
    return { image: c, repeat: 'repeat' };
  }

  return { query, fmt, pct, age, download, el, fillSiteTypes, boundaries, noDataColor, noDataFill };
})();
