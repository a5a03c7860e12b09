import { graphql } from './gql';

// One page of service sites. The ids and cursors are opaque; pass
// pageInfo.endCursor back as after for the next page.
export const ServiceSitesPage = graphql(`
  query ServiceSitesPage($filter: ServiceSiteFilter, $first: Int, $after: String) {
    serviceSites(filter: $filter, first: $first, after: $after) {
      totalCount
      edges {
        cursor
        node {
          id
          name
          type
          address
          sample
          province { code name }
          location { lat lng }
          dataAge { ageSeconds stale }
        }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
`);
