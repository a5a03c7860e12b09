// Package jiangsu is the sample upstream of 江苏省民政厅's open-data
// portal. Paged JSON resources answer GET /opendata/api?resid=…&page=…&rows=…
// with a Bearer token and the envelope
// {"errcode":0,"result":"success","totalrecords":N,"data":"<JSON as a string>"};
// errors, rate limiting (10004) included, come inside HTTP 200. Service
// sites are published only as a bulk CSV file in GB18030 with an ETag
// (If-None-Match → 304) and no server-side filtering. Dates are yyyyMMdd.
//
// It imports civ and the dataset only; it knows nothing of the gateway.
package jiangsu
