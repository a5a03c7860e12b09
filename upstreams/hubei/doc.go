// Package hubei is the sample upstream of 湖北省民政厅, behind a government
// service gateway in the "ebus/TIF" style: POST JSON queries to
// /ebus/mz/{meetings,documents,tasks,sites}/query, each signed with the
// headers x-tif-paasid, x-tif-timestamp (Unix seconds), x-tif-nonce and
// x-tif-signature = upper-case hex SHA-256 of timestamp+token+nonce+timestamp.
// Requests outside the allowed clock skew, or replaying a nonce, are
// rejected. Dates are written 2024年3月20日.
//
// It imports civ and the dataset only; it knows nothing of the gateway.
package hubei
