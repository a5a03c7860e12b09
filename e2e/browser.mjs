// Shared by the e2e scripts: headless Chromium from playwright-core (in
// web/, installed by npm ci --prefix web), with every host name except
// 127.0.0.1 resolving to "not found", so a page can reach only loopback.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

// withBrowser runs fn(context) in a fresh persistent context and always
// closes it and removes its profile.
export async function withBrowser(fn) {
  const userDataDir = mkdtempSync(join(tmpdir(), 'civgraph-chromium-'));
  let context;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: '/usr/bin/chromium',
      headless: true,
      viewport: { width: 1400, height: 900 },
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
      ],
    });
    return await fn(context);
  } finally {
    await context?.close();
    rmSync(userDataDir, { recursive: true, force: true });
  }
}
