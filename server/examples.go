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
#
# API 密钥：在下方 Headers（请求头）面板填写
# API keys: fill in the Headers panel below, e.g.
#   {"X-API-Key": "您的密钥 / your key"}
# 或 JWT / or a JWT:
#   {"Authorization": "Bearer <token>"}

# 四个省份及其民政部门
# The four provinces and their departments
query AllProvinces {
  provinces {
    code
    name
    department
  }
}

# 四省市 2024 年的民政会议，按日期排序（分页：把 endCursor
# 作为 after 传入即取下一页）
# The four provinces' 2024 civil-affairs meetings by
# date (paged: pass endCursor as after for the next page)
query Meetings2024 {
  meetings(filter: {from: "2024-01-01", to: "2024-12-31"}, orderBy: {field: DATE}, first: 10) {
    totalCount
    edges {
      cursor
      node {
        province { code name }
        title
        date { date text }
        domains
      }
    }
    pageInfo { hasNextPage endCursor }
  }
}

# 上海老年助餐目标与其基数对照：长者食堂、
# 助餐点、日供餐量（value 为目标，baseline 为基数）
# Shanghai elderly-meal targets against their
# baselines: canteens, meal points, meals a day
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
          baseline { value unit asOf { text } }
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

# 某点附近的长者食堂：上海人民广场 5 公里内（WGS-84），
# 由近及远，每条带距离 distanceKm（公里）
# Canteens near a point: within 5 km of People's
# Square, Shanghai (WGS-84), nearest first, each
# with distanceKm
query CanteensNearPoint {
  serviceSites(filter: {near: {lat: 31.2304, lng: 121.4737, radiusKm: 5}, siteTypes: [COMMUNITY_CANTEEN]},
      orderBy: {field: DISTANCE}, first: 10) {
    totalCount
    edges {
      node { name address distanceKm location { lat lng } sample }
    }
  }
}

# 每万名老年人拥有的长者食堂数，按地级区划排名
# （仅有引用人口数据的区划有此值，否则为 null）
# Canteens per 10,000 elderly residents, ranked by
# prefecture (null where no cited figure exists)
query CanteensPerTenThousandElderlyByPrefecture {
  compare(metric: SITE_COUNT, groupBy: PREFECTURE, filter: {siteTypes: [COMMUNITY_CANTEEN]}) {
    excludedProvinces
    rows {
      province { code }
      label value rank state
      perTenThousandElderly
      elderlyPopulation { agedSixtyAndOver year sourceUrl }
    }
  }
}

# 湖北省的工作任务，按领域分组计数
# Hubei's tasks counted by domain
query HubeiTasksByDomain {
  province(code: HUBEI) {
    stats(metric: TASK_COUNT, groupBy: DOMAIN) {
      rows { label value rank share }
    }
  }
}

# 数据是否过期：各省数据源状态，以及每条服务点的
# 数据年龄（dataAge.stale 为 true 即来自过期缓存）
# Is the data stale? Each source's health, and
# each site's data age (dataAge.stale: true means
# it came from a stale cache entry)
query StaleData {
  sources {
    province status canServe lastSuccess staleServed
    lastError { code message }
  }
  serviceSites(first: 10) {
    edges {
      node {
        name
        province { code }
        dataAge { fetchedAt ageSeconds stale }
      }
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
