// Writes operations.json, the trusted-document manifest ({sha256: body})
// of the operations the dashboard pages send: node operations.mjs
import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';

const ops = [
`query DashboardCompare($metric: ComparisonMetric!, $groupBy: ComparisonGroupBy!, $provinces: [ProvinceCode!], $filter: ComparisonFilter) {
  compare(metric: $metric, groupBy: $groupBy, provinces: $provinces, filter: $filter) {
    metric
    groupBy
    sample
    excludedProvinces
    totals { unit value provinces }
    rows {
      key
      label
      unit
      value
      rank
      share
      sampleCount
      perTenThousandElderly
      state
      errorCode
      province { code name nameEn }
      region { code name seat { lat lng } }
      elderlyPopulation { agedSixtyAndOver year sourceTitle }
      dataAge { ageSeconds stale }
    }
  }
}`,
`query DashboardRegions {
  provinces {
    code
    name
    nameEn
    region { code name seat { lat lng } children { code name seat { lat lng } } }
  }
}`,
`query MapSites($filter: ServiceSiteFilter, $first: Int, $after: String) {
  serviceSites(filter: $filter, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges {
      node {
        id
        name
        type
        address
        sample
        source
        updatedAt
        location { lat lng }
        province { code name }
        region { code name seat { lat lng } }
        dataAge { ageSeconds stale fetchedAt }
        distanceKm
      }
    }
  }
}`,
];

const manifest = {};
for (const body of ops) manifest[createHash('sha256').update(body).digest('hex')] = body;
writeFileSync(new URL('operations.json', import.meta.url), JSON.stringify(manifest, null, 2) + '\n');
