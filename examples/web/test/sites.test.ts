// Runs the client against a real gateway: civgraph serve, built from this
// repository and started on a loopback port with its embedded sample
// upstreams, except Hubei's, which points at a closed port so that every
// answer is partial.
import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { Pager, fetchSitePage, newClient } from '../src/sites';

const root = resolve(import.meta.dirname, '../../..');
let gateway: ChildProcess;
let url = '';
let tmp = '';

before(async () => {
  tmp = mkdtempSync(join(tmpdir(), 'civgraph-web-'));
  const bin = process.env.CIVGRAPH_BIN || join(tmp, 'civgraph');
  if (!process.env.CIVGRAPH_BIN) {
    execFileSync('go', ['build', '-o', bin, './cmd/civgraph'], { cwd: root, stdio: 'inherit' });
  }
  // Hermetic: no CIVGRAPH_* from the caller's environment.
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('CIVGRAPH_')));
  gateway = spawn(bin, ['serve', '--listen', '127.0.0.1:0'], {
    cwd: root,
    env: {
      ...env,
      CIVGRAPH_SOURCES_HUBEI_BASE_URL: 'http://127.0.0.1:9',
      CIVGRAPH_SOURCES_HUBEI_PAAS_ID: 'unused',
      CIVGRAPH_SOURCES_HUBEI_TOKEN: 'unused',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  url = await new Promise<string>((ok, fail) => {
    let log = '';
    const timer = setTimeout(() => fail(new Error(`no listening address within 30s:\n${log}`)), 30_000);
    gateway.stderr!.on('data', (chunk: Buffer) => {
      log += chunk.toString();
      const m = /msg=listening url=(http:\/\/127\.0\.0\.1:\d+\/)/.exec(log);
      if (m) {
        clearTimeout(timer);
        ok(new URL('graphql', m[1]).toString());
      }
    });
    gateway.on('exit', (code) => fail(new Error(`civgraph serve exited (${code}):\n${log}`)));
  });
});

after(() => {
  gateway?.kill('SIGTERM');
  if (tmp) rmSync(tmp, { recursive: true, force: true });
});

test('pages forward through every site of a province, each once', async () => {
  const pager = new Pager(newClient({ url }), { provinces: ['SHANGHAI'], sample: null }, 100);
  for (let i = 0; i < 50 && (await pager.next()); i++);
  assert.equal(pager.hasNextPage, false, 'still more pages after 50');
  assert.deepEqual(pager.errors, []);
  assert.ok(pager.totalCount > 100, `only ${pager.totalCount} sites: paging was not exercised`);
  assert.equal(pager.sites.length, pager.totalCount);
  assert.equal(new Set(pager.sites.map((s) => s.id)).size, pager.sites.length, 'a site appeared twice');
  assert.ok(pager.sites.every((s) => s.province.code === 'SHANGHAI'));
});

test('a failed province gives a partial page with its error', async () => {
  const pager = new Pager(newClient({ url }), { sample: null }, 20);
  const first = await pager.next();
  assert.ok(first && first.sites.length === 20, 'the provinces that answered fill the page');
  assert.ok(first.sites.every((s) => s.province.code !== 'HUBEI'));
  const hubei = first.errors.filter((e) => e.province === 'HUBEI');
  assert.equal(hubei.length, 1, `errors: ${JSON.stringify(first.errors)}`);
  assert.equal(hubei[0]!.code, 'SOURCE_UNAVAILABLE');
  assert.ok(!/127\.0\.0\.1|http:/.test(hubei[0]!.message), `message leaks the upstream address: ${hubei[0]!.message}`);

  const second = await pager.next();
  assert.ok(second && second.sites.length > 0);
  assert.ok(second.errors.some((e) => e.province === 'HUBEI' && e.code === 'SOURCE_UNAVAILABLE'));
  const ids = pager.sites.map((s) => s.id);
  assert.equal(new Set(ids).size, ids.length, 'the second page repeats a site of the first');
});

test('a request the gateway refuses throws with its code', async () => {
  await assert.rejects(fetchSitePage(newClient({ url }), { first: 100_000 }), /[A-Z_]{4,}: /);
});
