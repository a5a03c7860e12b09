// The browser app: lists service sites, pages forward with "more", and
// shows each failed province above the list. Open index.html from a
// gateway (or any page the gateway's CORS policy allows).
import { Pager, newClient, type ProvinceError, type Site } from './sites';

const params = new URLSearchParams(location.search);
const client = newClient({
  url: params.get('gateway') ?? new URL('/graphql', location.href).toString(),
  apiKey: params.get('key') ?? undefined,
});
const pager = new Pager(client, { sample: null }, 20);

const list = document.querySelector<HTMLUListElement>('#sites')!;
const status = document.querySelector<HTMLParagraphElement>('#status')!;
const errors = document.querySelector<HTMLUListElement>('#errors')!;
const more = document.querySelector<HTMLButtonElement>('#more')!;

function siteItem(site: Site): HTMLLIElement {
  const li = document.createElement('li');
  const age = site.dataAge ? ` · ${site.dataAge.stale ? '过期 stale' : '最新 fresh'}` : '';
  li.textContent = `${site.province.name} · ${site.name}${site.address ? ' · ' + site.address : ''}${site.sample ? ' · 示例 sample' : ''}${age}`;
  return li;
}

function errorItem(e: ProvinceError): HTMLLIElement {
  const li = document.createElement('li');
  li.textContent = `${e.province ?? '全部 all'}: ${e.code} — ${e.message}`;
  return li;
}

async function loadMore(): Promise<void> {
  more.disabled = true;
  try {
    const page = await pager.next();
    if (page) list.append(...page.sites.map(siteItem));
    errors.replaceChildren(...pager.errors.map(errorItem));
    status.textContent = `${pager.sites.length} / ${pager.totalCount}`;
  } catch (e) {
    errors.replaceChildren(errorItem({ province: null, code: 'REQUEST_FAILED', message: String(e) }));
  } finally {
    more.disabled = !pager.hasNextPage;
  }
}

more.addEventListener('click', () => void loadMore());
void loadMore();
