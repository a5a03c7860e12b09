// Package shanghai is the sample upstream of 上海市民政局 on the public data
// platform (data.sh.gov.cn style). Every interface is
// POST /interface/{resourceNo}/{interfaceNo} (PathMeetings,
// PathPolicyDocuments, PathTasks, PathServiceSites) with a `token` header
// and a JSON body of filters plus limit (1..100, default 20) and offset
// (see params.go). Answers are
// {"code":"000000","message":"成功","data":"<JSON string of {state,total,data,message}>"};
// business errors come with another code (100001 bad token, 100002 bad
// parameter, 100004 busy, 999999 internal), and a client over its rate
// gets HTTP 429 with Retry-After. Coordinates are GCJ-02 (the dataset's
// WGS-84 points shifted), times epoch milliseconds, enumerations numeric
// codes (orgType 2014 助餐点, 2015 社区长者食堂; see wire.go). Filters are
// applied with civ.Filter's Match methods, so the answers follow the
// reference semantics exactly.
//
// What follows public evidence (see API_CONVENTIONS.md in the shared data
// notes, gathered from public client code, not from a live endpoint): the
// POST /interface/{resourceNo}/{interfaceNo} form, the token header,
// limit/offset paging, the {"code":"000000",…,"data":"<JSON string>"}
// envelope with {state,total,data} inside, and orgType codes 2011, 2014
// and 2015 (seen in a third-party dashboard's front-end code). This
// project's sample choices: the interface numbers, the field names, every
// other code table (orgType 3001–3007, business, meeting, origin,
// precision, credibility codes), the error codes, the rate limit and
// Retry-After, and serving GCJ-02 (usual for Chinese map data, not
// documented for this platform).
//
// It imports civ, geo and internal/sampleapi/dataset only; it must not import the
// gateway's packages (connectors, federation, server).
package shanghai
