// Runs graphql-http's audit of the GraphQL-over-HTTP specification against
// the gateway at the URL given as the first argument, prints every result
// and the counts per status, and exits non-zero on any error or warning.
// Notices that are understood are listed in EXPLAINED with the reason; any
// other notice fails too, so a new one cannot pass unseen.
import { auditServer } from 'graphql-http';

const url = process.argv[2];
if (!url) {
  console.error('usage: node audit.mjs http://127.0.0.1:PORT/graphql');
  process.exit(2);
}

// Notices the gateway keeps on purpose, by audit id.
const EXPLAINED = {};

const results = await auditServer({ url });
const counts = { ok: 0, warn: 0, error: 0, notice: 0 };
let failed = false;
for (const r of results) {
  counts[r.status]++;
  if (r.status === 'ok') continue;
  let line = `${r.status.toUpperCase()} ${r.id} ${r.name}`;
  if (r.status === 'notice' && EXPLAINED[r.id]) {
    line += ` (explained: ${EXPLAINED[r.id]})`;
  } else {
    failed = true;
    line += `\n    ${r.reason}`;
    if (r.response) {
      const body = await r.response.text().catch(() => '');
      line += `\n    status ${r.response.status}, ${r.response.headers.get('content-type')}: ${body.slice(0, 300)}`;
    }
  }
  console.log(line);
}
console.log(`graphql-http audit: ${counts.ok} ok, ${counts.error} error, ${counts.warn} warn, ${counts.notice} notice`);
process.exit(failed ? 1 : 0);
