// Package hubei is the sample upstream of 湖北省民政厅, behind a government
// service gateway in the "ebus/TIF" style.
//
// Requests: POST /ebus/mz/{meetings,documents,tasks,sites}/query with a
// JSON body of paging and filters, e.g.
//
//	{"pageNo":1,"pageSize":50,"startDate":"2024-03-01","endDate":"2024-03-31",
//	 "businessField":"FUNERAL_MANAGEMENT","siteType":"CEMETERY","areaCode":"420100",
//	 "keyword":"清明","sourceId":"HUB-MTG-2024-001","id":"HUB-TASK-001"}
//
// (pageNo ≥ 1, 1 ≤ pageSize ≤ 100; unknown fields are rejected); "ids"
// and "sourceIds" (arrays of at most 100) ask for any of several records
// or sources; "sampleData" (true or false) asks for generated sample rows
// only or real rows only; "businessFields", "siteTypes" and "areaCodes"
// (arrays of at most 100) ask for rows of any of several; "targetDueStart",
// "targetDueEnd" (YYYY-MM-DD) and "targetMetric" ask for tasks by their
// targets; "includeUndated": true lets rows with an unknown date pass the
// date range; "near": {"lng":121.47,"lat":31.23,"radiusKm":5} and "bbox":
// [minLng, minLat, maxLng, maxLat] (WGS-84, radius at most
// civ.MaxNearRadiusKm) ask for sites within a circle or a box; "keyword"
// matches as civ.Filter.MatchKeyword does (textmatch); "sortField"
// (meetingDate, issueDate, deadline; siteName, updateTime, distance from
// the near circle's centre) and "sortOrder" (ASC or DESC) sort the rows,
// ties by id. Every
// request carries x-tif-paasid (the app id), x-tif-timestamp (Unix
// seconds), x-tif-nonce (random) and x-tif-signature = upper-case hex
// SHA-256 of timestamp+token+nonce+timestamp; the token is shared, never
// sent. A timestamp outside the allowed skew (±300 s by default) or a nonce
// already seen within the skew window is refused.
//
// Answers: {"code":"0","msg":"成功","data":{"total":N,"rows":[…]}}, rows in
// dataset order unless sorted. Gateway errors use HTTP statuses (400, 401, 429, 503) with
// their own codes; business answers use HTTP 200 with a non-zero code (see
// the Code constants). Dates are written the Chinese way — 2024年3月20日
// (day), 2024年3月 (month), 2024年 (year) or "" (unknown) — next to the
// source's wording; times as 2024年3月31日 08:00:00 in China Standard Time
// (UTC+8); coordinates are WGS-84.
//
// What follows public evidence (API_CONVENTIONS.md): only the "ebus/TIF"
// signing convention — the x-tif-* headers and the SHA-256 signature —
// seen in public client code of other e-government front ends. No Hubei
// portal documentation was found, so the rest is this project's sample
// choice: the paths, the JSON body and answer shapes, the codes, the skew
// and replay rules, and the Chinese date forms.
//
// It imports civ and the dataset only; it knows nothing of the gateway.
package hubei
