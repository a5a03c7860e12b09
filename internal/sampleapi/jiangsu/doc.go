// Package jiangsu is the sample upstream of 江苏省民政厅's open-data portal.
//
// Paged resources: GET /opendata/api?resid=<resource>&page=<n>&rows=<m>&…
// with the header "Authorization: Bearer <token>". resid is mz_meeting,
// mz_policy or mz_task; page is 1-based (≤ MaxPage), 1 ≤ rows ≤ MaxRows.
// Optional filters, applied with civ.Filter's reference semantics: id,
// start_date and end_date (yyyyMMdd, inclusive), field (a civ.Domain),
// site_type (a civ.SiteType), region_code (GB/T 2260 digits), keyword and
// origin_id, and ids and origin_ids (comma-separated, at most 100 each:
// any of them), sample (1 only generated sample rows, 0 only real
// ones), and fields, site_types and region_codes (comma-separated, at most
// 100 each: any of them), target_start_date, target_end_date (yyyyMMdd)
// and target_metric (tasks by their targets), include_undated (1: rows with
// an unknown date pass the date range). Unknown or repeated parameters are refused.
//
// Every answer is HTTP 200 with the envelope
// {"errcode":0,"result":"success","totalrecords":N,"data":"<JSON array as a string>"};
// errors set errcode (10002 bad token, 10004 rate limit exceeded, 10008 bad
// parameters, 10009 internal error) and leave data empty.
//
// Service sites are published only as the bulk file GET
// /opendata/bulk/service_sites.csv (same Bearer auth): CSV with a header
// row, encoded in GB18030, without server-side filtering, with a strong
// ETag; If-None-Match with a matching tag answers 304 Not Modified. Its
// errors are the same JSON envelopes in HTTP 200 (Content-Type
// application/json), so a client tells them apart by Content-Type. The
// file is encoded once, in the background when the portal starts, and may
// take up to ten minutes to send, whatever the server's write timeout (a
// million sites make about 215 MB).
//
// Wire forms: dates are yyyyMMdd (day), yyyyMM (month), yyyy (year) or ""
// (unknown), each next to the source's own wording; times are
// yyyyMMddHHmmss in China Standard Time (UTC+8), with a fraction of a
// second only when there is one; coordinates are WGS-84.
//
// What follows public documentation (API_CONVENTIONS.md): the Bearer
// header, page/rows paging, the {errcode,result,totalrecords,data} envelope
// with data as a string, and the errcode list — all from the Changzhou
// municipal open-data portal's mirrored documentation, not from a
// provincial 民政厅 portal. This project's sample choices: the resource
// names and parameters, the row fields, the date forms, and the bulk
// GB18030 site file with its columns and ETag.
//
// It imports civ and the dataset only and must not import connectors or
// any gateway package: it stands for a remote system.
package jiangsu
