package server

// defaultQuery is what the playground opens with: a bilingual introduction
// and one named operation per example. GraphiQL offers a menu to pick which
// one to run (or runs the one under the cursor with Ctrl-Enter).
const defaultQuery = `# civgraph · 民政数据 GraphQL 联邦网关
# Civil-affairs GraphQL federation gateway
#
# 一个查询跨越河北、湖北、江苏、上海四省市
# 民政部门各不相同的数据接口；某省接口故障时，
# 其他省份照常返回，故障列在 errors[] 中。
# One query spans the four provinces' different
# APIs (Hebei, Hubei, Jiangsu, Shanghai). When one
# fails, the others still answer; the failure is
# listed in errors[].
#
# 点击运行按钮（或 Ctrl-Enter）并选择下面的示例；
# 文档面板可浏览完整模式。
# Press run (or Ctrl-Enter) and pick an example
# below; the Docs panel shows the whole schema.
#
# sample: true 的服务点是生成的示例数据。
# Sites with sample: true are generated samples.

# 四个省份及其民政部门
# The four provinces and their departments
query AllProvinces {
  provinces {
    code
    name
    department
  }
}

# 湖北省民政会议（分页）
# Hubei civil-affairs meetings, paged
query HubeiMeetings {
  meetings(filter: {provinces: [HUBEI]}, first: 10) {
    totalCount
    edges {
      cursor
      node {
        id
        title
        date { date text }
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}

# 上海老年助餐目标：长者食堂、助餐点、日供餐量
# Shanghai elderly-meal targets: canteens,
# meal points, meals a day
query ShanghaiElderlyMeals {
  tasks(filter: {provinces: [SHANGHAI], domain: ELDERLY_MEALS}) {
    edges {
      node {
        title
        targets {
          metric
          value
          unit
          due { date text }
          baseline { value }
        }
      }
    }
  }
}

# 上海社区长者食堂（每页 20 条）；全文搜索“长者 食堂”
# （有无空格结果相同，命中片段为纯文本加命中范围）；
# 人民广场 5 公里内的服务场所及距离
# Shanghai community canteens, 20 a page; a text
# search for 长者 食堂 (the same with or without
# the space; plain-text snippets with matched
# ranges); sites within 5 km of People's Square
query ShanghaiCanteens {
  serviceSites(filter: {provinces: [SHANGHAI], siteType: COMMUNITY_CANTEEN}, first: 20) {
    totalCount
    edges {
      node {
        name
        address
        location { lat lng }
        sample
      }
    }
    pageInfo { hasNextPage endCursor }
  }
  search(text: "长者 食堂", first: 5) {
    totalCount
    edges {
      score
      snippet { field text highlights { start end } }
      node {
        __typename
        ... on ServiceSite { name province { code } }
        ... on Task { title }
      }
    }
  }
  nearby: serviceSites(filter: {near: {lat: 31.2304, lng: 121.4737, radiusKm: 5}}, first: 10) {
    totalCount
    edges {
      node { name type distanceKm location { lat lng } sample }
    }
  }
}

# 各省社区长者食堂（仅真实记录）：排名、占比、
# 每万名 60 岁及以上常住人口（参考数据附年份与出处）
# Community canteens per province, real rows only:
# rank, share, per 10,000 residents aged 60+
# (the reference figure with its year and source)
#
# 以及湖北各地级区划的服务场所（含示例数据及其条数）
# and service sites per prefecture of Hubei,
# samples included and counted
query Comparisons {
  canteens: compare(metric: SITE_COUNT, filter: {siteTypes: [COMMUNITY_CANTEEN]}) {
    excludedProvinces
    rows {
      label value rank share state
      perTenThousandElderly
      elderlyPopulation { year sourceUrl }
    }
  }
  province(code: HUBEI) {
    stats(metric: SITE_COUNT, groupBy: PREFECTURE, filter: {sample: null}) {
      sourceCalls
      rows { label value sampleCount rank regionUnknownExcluded }
    }
  }
}
`
