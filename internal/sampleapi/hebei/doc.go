// Package hebei is the sample upstream of 河北省民政厅: a "data
// middle-platform" REST API. Requests are GETs with an appKey header and
// pageNum/pageSize paging (pageSize at most 100) on four list endpoints
// (PathMeetings, PathPolicyDocuments, PathTasks, PathServiceSites). Every
// answer is HTTP 200 with the envelope
// {"code":0,"msg":"success","success":true,"data":{"list":[…],"total":N},"timestamp":ms};
// business errors (1001 bad appKey, 1002 bad parameter, 5003 "system busy")
// come in code with success false and data null. Field names and code
// tables are pinyin initials; times are "2006-01-02 15:04:05" in China
// Standard Time, with a precision and a wording beside every date (see
// wire.go). Filters are applied with civ.Filter's Match methods, so the
// answers follow the reference semantics exactly. Lists sort RuoYi-style
// by orderByColumn and isAsc (asc/desc), ties by id, in package ordering's
// orders (see params.go).
//
// What follows public evidence (API_CONVENTIONS.md): only the generic
// "数据中台" pattern — an appKey header, pageNum/pageSize paging and a
// {code,msg,data,success} envelope — seen in public client code. No Hebei
// portal documentation was found, so the paths, the pinyin-initial field
// names, every code table and the business error codes are this project's
// sample choices.
//
// It imports civ and internal/sampleapi/dataset only; it must not import the
// gateway's packages (connectors, federation, server).
package hebei
