// Package hebei is the sample upstream of 河北省民政厅: a "data
// middle-platform" REST API. Requests are GETs with an appKey header and
// pageNum/pageSize paging; every answer is HTTP 200 with the envelope
// {"code":0,"msg":"success","success":true,"data":{"list":[…],"total":N}},
// business errors (bad key, bad parameter, "system busy") carried in code.
// Field names are pinyin initials; times are "2006-01-02 15:04:05" in
// China Standard Time.
//
// It imports civ and the dataset only; it knows nothing of the gateway.
package hebei
