import { Client, fetchExchange, type CombinedError } from '@urql/core';
import type { ServiceSitesPageQuery, ServiceSitesPageQueryVariables } from './gql/graphql';
import { ServiceSitesPage } from './operations';

export type Site = ServiceSitesPageQuery['serviceSites']['edges'][number]['node'];
export type ProvinceCode = Site['province']['code'];

// A province's part of the answer that failed: the other provinces' rows
// are still in the page. code is extensions.code (SOURCE_UNAVAILABLE,
// SOURCE_TIMEOUT, FORBIDDEN, ...; the README's error table lists them).
export interface ProvinceError {
  province: ProvinceCode | null;
  code: string;
  message: string;
}

export interface SitePage {
  sites: Site[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
  errors: ProvinceError[];
}

export interface ClientOptions {
  url: string; // the gateway's /graphql
  apiKey?: string; // sent as X-API-Key when the gateway requires a key
}

// newClient is a urql client without a normalized cache: every page is a
// fresh request, and the app keeps the pages it has read.
export function newClient({ url, apiKey }: ClientOptions): Client {
  return new Client({
    url,
    exchanges: [fetchExchange],
    preferGetMethod: false,
    requestPolicy: 'network-only',
    fetchOptions: () => (apiKey ? { headers: { 'X-API-Key': apiKey } } : {}),
  });
}

// provinceErrors lists the errors of a response: a province's failure
// carries extensions.province; a request-wide error (bad query, limits,
// authentication, the network) has province null.
export function provinceErrors(error: CombinedError | undefined): ProvinceError[] {
  if (!error) return [];
  const errors: ProvinceError[] = error.graphQLErrors.map((e) => ({
    province: (e.extensions?.province as ProvinceCode | undefined) ?? null,
    code: typeof e.extensions?.code === 'string' ? e.extensions.code : 'UNKNOWN',
    message: e.message,
  }));
  if (error.networkError) {
    errors.push({ province: null, code: 'NETWORK', message: error.networkError.message });
  }
  return errors;
}

// fetchSitePage reads one page. A page with data and errors is a partial
// result: the sites of the provinces that answered, and an error for each
// one that did not. Without data (the request itself failed) it throws.
export async function fetchSitePage(client: Client, variables: ServiceSitesPageQueryVariables): Promise<SitePage> {
  const result = await client.query(ServiceSitesPage, variables).toPromise();
  const errors = provinceErrors(result.error);
  const conn = result.data?.serviceSites;
  if (!conn) {
    throw new Error(errors.map((e) => `${e.code}: ${e.message}`).join('; ') || 'no data');
  }
  return {
    sites: conn.edges.map((e) => e.node),
    totalCount: conn.totalCount,
    endCursor: conn.pageInfo.endCursor ?? null,
    hasNextPage: conn.pageInfo.hasNextPage,
    errors,
  };
}

// Pager pages forward through one filter, keeping every site read so far
// (Relay-style: append the next page's edges) and the latest errors.
export class Pager {
  readonly sites: Site[] = [];
  errors: ProvinceError[] = [];
  totalCount = 0;
  hasNextPage = true;
  private after: string | null = null;

  constructor(
    private readonly client: Client,
    private readonly filter: ServiceSitesPageQueryVariables['filter'],
    private readonly pageSize = 20,
  ) {}

  async next(): Promise<SitePage | null> {
    if (!this.hasNextPage) return null;
    const page = await fetchSitePage(this.client, { filter: this.filter, first: this.pageSize, after: this.after });
    this.sites.push(...page.sites);
    this.errors = page.errors;
    this.totalCount = page.totalCount;
    this.hasNextPage = page.hasNextPage;
    this.after = page.endCursor;
    return page;
  }
}
