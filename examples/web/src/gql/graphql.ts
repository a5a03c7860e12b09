/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
/** 矩形范围（WGS-84）：南、西、北、东四条边，south ≤ north，west ≤ east。/ A WGS-84 bounding box by its four edges, south ≤ north and west ≤ east. */
export type BoundingBoxInput = {
  /** 东边经度。/ Eastern edge, longitude. */
  east: number;
  /** 北边纬度。/ Northern edge, latitude. */
  north: number;
  /** 南边纬度。/ Southern edge, latitude. */
  south: number;
  /** 西边经度。/ Western edge, longitude. */
  west: number;
};

/** 民政业务领域。/ Field of civil-affairs work. */
export type Domain =
  /** 儿童福利。/ Child welfare. */
  | 'CHILD_WELFARE'
  /** 残疾人福利。/ Disability welfare. */
  | 'DISABILITY_WELFARE'
  /** 养老服务。/ Elderly care. */
  | 'ELDERLY_CARE'
  /** 老年助餐。/ Elderly meals. */
  | 'ELDERLY_MEALS'
  /** 殡葬管理。/ Funeral management. */
  | 'FUNERAL_MANAGEMENT'
  /** 婚姻登记。/ Marriage registration. */
  | 'MARRIAGE_REGISTRATION'
  /** 社会事务（综合）。/ Social affairs in general. */
  | 'SOCIAL_AFFAIRS'
  /** 社会救助。/ Social assistance. */
  | 'SOCIAL_ASSISTANCE'
  /** 流浪乞讨人员救助管理。/ Vagrant and beggar rescue. */
  | 'VAGRANT_RESCUE';

/** 圆形范围：WGS-84 圆心与半径。/ A circle: WGS-84 centre and radius. */
export type NearInput = {
  /** 圆心纬度（-90 至 90）。/ Centre latitude, -90 to 90. */
  lat: number;
  /** 圆心经度（-180 至 180）。/ Centre longitude, -180 to 180. */
  lng: number;
  /** 半径（公里，大于 0、至多 100）。/ Radius in kilometres, above 0 and at most 100. */
  radiusKm: number;
};

/** 省份代码。/ Province code. */
export type ProvinceCode =
  /** 河北省 / Hebei */
  | 'HEBEI'
  /** 湖北省 / Hubei */
  | 'HUBEI'
  /** 江苏省 / Jiangsu */
  | 'JIANGSU'
  /** 上海市 / Shanghai */
  | 'SHANGHAI';

/** 服务场所筛选。/ Service site filter. */
export type ServiceSiteFilter = {
  /** 位于该 WGS-84 矩形范围内（不跨越 180° 经线）。无坐标的场所不在其内。/ Within this WGS-84 bounding box (not crossing the 180th meridian). Sites without a location are never within it. */
  bbox?: BoundingBoxInput | null | undefined;
  /**
   * 类型所属领域。/ Field of work the site type serves.
   * @deprecated 用 domains 代替（可多值）。/ Use domains, which takes several values.
   */
  domain?: Domain | null | undefined;
  /** 类型所属领域为其中之一（至多 100 个）。/ The site type serves one of these fields of work (at most 100). */
  domains?: Array<Domain> | null | undefined;
  /** 更新时间不早于（含）。/ Updated on or after (inclusive). */
  from?: string | null | undefined;
  /** 为 true 时，日期未知的记录也通过日期范围（默认 false：不通过，被排除的条数见连接的 undatedExcluded）。/ When true, rows whose date is unknown pass the date range too (default false: they fail it; the connection's undatedExcluded says how many were left out). */
  includeUndated?: boolean | null | undefined;
  /** 名称或地址包含该关键词（按输入习惯匹配：多个词有无空格均可，中文按相邻两字，忽略全半角与大小写）。/ Name or address contains this keyword (matched as people type: several words with or without spaces, Chinese by adjacent character pairs, width and case ignored). */
  keyword?: string | null | undefined;
  /** 位于以某点为圆心的圆内（WGS-84，半径至多 100 公里）；给出时每条结果带 distanceKm。无坐标的场所不在其内。/ Within a circle around a WGS-84 point (radius at most 100 km); each result then carries distanceKm. Sites without a location are never within it. */
  near?: NearInput | null | undefined;
  /** 限定省份（默认全部）。/ Only these provinces (default all). */
  provinces?: Array<ProvinceCode> | null | undefined;
  /**
   * 位于该区划内（含下级）。/ Within this region (or below it).
   * @deprecated 用 regionCodes 代替（可多值）。/ Use regionCodes, which takes several values.
   */
  regionCode?: string | null | undefined;
  /** 位于其中任一区划内（含下级；至多 100 个）。/ Within any of these regions, or below them (at most 100). */
  regionCodes?: Array<string> | null | undefined;
  /** 按是否为生成的示例数据筛选：null 两者皆含，true 仅示例，false 仅真实记录（分析统计时请用 false）。/ Filter on generated sample data: null keeps both, true only sample rows, false only real rows (use false for any count an analysis rests on). */
  sample?: boolean | null | undefined;
  /**
   * 类型。/ Kind of site.
   * @deprecated 用 siteTypes 代替（可多值）。/ Use siteTypes, which takes several values.
   */
  siteType?: SiteType | null | undefined;
  /** 类型为其中之一（至多 100 个）。/ One of these kinds of site (at most 100). */
  siteTypes?: Array<SiteType> | null | undefined;
  /** 更新时间不晚于（含）。/ Updated on or before (inclusive). */
  to?: string | null | undefined;
};

/**
 * 服务场所类型：本项目的分类，不是官方代码表。来源原文的类型表述见 ServiceSite.typeText。
 * Kind of service site: this project's classification, not an official code list. The source's own wording is in ServiceSite.typeText.
 */
export type SiteType =
  /** 公墓（含陵园、骨灰堂等骨灰安放设施）。/ Cemetery (including memorial parks, columbaria and other places for ashes). */
  | 'CEMETERY'
  /** 儿童福利机构（儿童福利院、儿童临时看护中心）。/ Child welfare home (儿童福利院, temporary child care centre). */
  | 'CHILD_WELFARE_HOME'
  /** 社区长者食堂及各地同类自办餐食的老年（社区）食堂（幸福食堂、孝老食堂、助餐中心等）；上海一养老服务看板前端代码中的 orgType 为 2015。/ Community elderly canteen and the like elsewhere that cook and seat diners (幸福食堂, 孝老食堂, meal centres…); orgType 2015 in the front-end code of a Shanghai elderly-service dashboard. */
  | 'COMMUNITY_CANTEEN'
  /** 养老机构（养老院、社会福利院，含兼收儿童的福利院）。/ Residential elderly care home (养老院, 社会福利院, including welfare homes that also take children). */
  | 'ELDERLY_CARE_HOME'
  /** 综合为老服务中心；上海一养老服务看板前端代码中的 orgType 为 2011。/ Community elderly service centre; orgType 2011 in the front-end code of a Shanghai elderly-service dashboard. */
  | 'ELDERLY_SERVICE_CENTER'
  /** 殡仪馆（含殡葬服务中心）。/ Funeral home (including funeral service centres). */
  | 'FUNERAL_HOME'
  /** 婚姻登记处（含登记中心、分中心和特色登记点）。/ Marriage registry (including centres, branches and themed registration points). */
  | 'MARRIAGE_REGISTRY'
  /** 老年助餐点及同类点位（助餐点、老年餐桌）；上海一养老服务看板前端代码中的 orgType 为 2014。/ Elderly meal point and the like (助餐点, 老年餐桌); orgType 2014 in the front-end code of a Shanghai elderly-service dashboard. */
  | 'MEAL_POINT'
  /** 康复辅助器具服务中心。/ Rehabilitation aids service centre. */
  | 'REHAB_AID_CENTER'
  /** 救助管理站。/ Rescue station for vagrants and beggars. */
  | 'RESCUE_STATION';

export type ServiceSitesPageQueryVariables = Exact<{
  filter?: ServiceSiteFilter | null | undefined;
  first?: number | null | undefined;
  after?: string | null | undefined;
}>;


export type ServiceSitesPageQuery = { serviceSites: { totalCount: number, edges: Array<{ cursor: string, node: { id: string, name: string, type: SiteType, address: string | null, sample: boolean, province: { code: ProvinceCode, name: string }, location: { lat: number, lng: number } | null, dataAge: { ageSeconds: number, stale: boolean } | null } }>, pageInfo: { hasNextPage: boolean, endCursor: string | null } } };


export const ServiceSitesPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceSitesPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ServiceSiteFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceSites"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"address"}},{"kind":"Field","name":{"kind":"Name","value":"sample"}},{"kind":"Field","name":{"kind":"Name","value":"province"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"code"}},{"kind":"Field","name":{"kind":"Name","value":"name"}}]}},{"kind":"Field","name":{"kind":"Name","value":"location"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"lat"}},{"kind":"Field","name":{"kind":"Name","value":"lng"}}]}},{"kind":"Field","name":{"kind":"Name","value":"dataAge"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"ageSeconds"}},{"kind":"Field","name":{"kind":"Name","value":"stale"}}]}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}}]}}]}}]} as unknown as DocumentNode<ServiceSitesPageQuery, ServiceSitesPageQueryVariables>;