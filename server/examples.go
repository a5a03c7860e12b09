package server

// defaultQuery is what the playground opens with: a bilingual introduction
// and one named operation per example. GraphiQL offers a menu to pick which
// one to run (or runs the one under the cursor with Ctrl-Enter).
const defaultQuery = `# civgraph · 民政数据 GraphQL 联邦网关
# Civil-affairs GraphQL federation gateway
#
# 一个查询即可跨越河北、湖北、江苏、上海四省市民政部门各自不同的数据接口。
# One query spans the four provinces' different civil-affairs APIs
# (Hebei, Hubei, Jiangsu, Shanghai). If one province's upstream fails,
# the others still answer and the failure appears in errors[].
#
# 点击运行按钮（或 Ctrl-Enter）选择下面的示例；右侧"文档"可浏览完整模式。
# Press the run button (or Ctrl-Enter) and pick an example below; the
# Docs panel shows the whole schema. 标记 sample: true 的服务点为生成的示例数据。
# Service sites with sample: true are generated sample data, not real records.

# 四个省份及其民政部门 / The four provinces and their departments
query AllProvinces {
  provinces {
    code
    name
    department
  }
}

# 湖北省民政会议（分页）/ Hubei civil-affairs meetings, paged
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

# 上海老年助餐目标：社区长者食堂、助餐点、日供餐量
# Shanghai elderly-meal targets: canteens, meal points, meals a day
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

# 上海社区长者食堂（每页 20 条）/ Shanghai community canteens, 20 a page
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
}
`
