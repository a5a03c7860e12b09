package csvexport

import (
	"bytes"
	"encoding/json"
	"errors"
	"net/http"
	"net/url"
	"strings"

	"github.com/civgraph/civgraph/errcode"
)

// PartialHeader names, on an export made with partial=allow, the
// provinces whose rows are missing, comma-separated.
const PartialHeader = "Civgraph-Partial"

// ContentType is the media type of an export (RFC 4180, with RFC 7111's
// header parameter).
const ContentType = "text/csv; charset=utf-8; header=present"

// Handler serves GET /export.csv: it runs a persisted operation through
// gql — the gateway's /graphql handler with its authentication, limits,
// rate limits and HTTP caching — and answers its data as CSV.
//
// Parameters: id, the document's id or sha256 hash (a trusted document or
// an automatic persisted query; a query text is refused, so an export URL
// runs only what was persisted); variables and operationName as for GET
// /graphql; rows, the dotted path of the list to export (found by itself
// when the answer has one); partial=allow to export an answer in which
// some provinces failed. Answers are buffered up to maxBytes.
func Handler(gql http.Handler, maxBytes int64) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		id := q.Get("id")
		switch {
		case q.Has("query"):
			errcode.WriteHTTP(w, http.StatusBadRequest, "an export runs persisted operations only: send id, not query", errcode.BadRequest)
			return
		case id == "":
			errcode.WriteHTTP(w, http.StatusBadRequest, "id (the persisted operation's id or sha256 hash) is required", errcode.BadRequest)
			return
		case q.Has("partial") && q.Get("partial") != "allow":
			errcode.WriteHTTP(w, http.StatusBadRequest, "partial takes one value, allow", errcode.BadRequest)
			return
		}
		inner := url.Values{"documentId": {id}}
		for _, k := range []string{"variables", "operationName"} {
			if q.Has(k) {
				inner.Set(k, q.Get(k))
			}
		}
		req := r.Clone(r.Context())
		req.Method = http.MethodGet // also for HEAD, which the GraphQL transports refuse
		req.URL.Path = "/graphql"
		req.URL.RawQuery = inner.Encode()
		req.RequestURI = ""
		req.Header.Set("Accept", "application/json")
		req.Header.Del("If-None-Match") // the validator of a JSON answer is not the CSV's
		rec := &buffer{header: http.Header{}, max: maxBytes}
		gql.ServeHTTP(rec, req)
		if rec.status != http.StatusOK || rec.over {
			relay(w, rec)
			return
		}
		resp, err := ParseResponse(rec.body.Bytes())
		if err != nil {
			errcode.WriteHTTP(w, http.StatusInternalServerError, "the gateway's answer could not be read", errcode.Internal)
			return
		}
		failed, err := Check(resp, q.Get("partial") == "allow")
		if err != nil {
			writeRefusal(w, err.(*RefusedError))
			return
		}
		t, err := Flatten(resp.Data, q.Get("rows"))
		if err != nil {
			status, code := http.StatusInternalServerError, errcode.Internal
			if IsShapeError(err) {
				status, code = http.StatusBadRequest, errcode.ExportNotTabular
			}
			errcode.WriteHTTP(w, status, errcode.Clip(err.Error()), code)
			return
		}
		h := w.Header()
		h.Set("Content-Type", ContentType)
		h.Set("Content-Disposition", `attachment; filename="export.csv"`)
		h.Set("X-Content-Type-Options", "nosniff")
		for _, k := range []string{"Cache-Control", "Vary"} {
			if v := rec.header.Values(k); len(v) > 0 {
				h[k] = v
			}
		}
		if len(failed) > 0 {
			h.Set(PartialHeader, strings.Join(failed, ", "))
			h.Set("Content-Disposition", `attachment; filename="export-partial.csv"`)
		}
		_ = Write(w, t)
	})
}

// relay passes a refused GraphQL request's answer (401, 429 with its
// Retry-After, 503 …) on as it came; an answer past the buffer's bound
// becomes RESPONSE_TOO_LARGE.
func relay(w http.ResponseWriter, rec *buffer) {
	if rec.over {
		errcode.WriteHTTP(w, http.StatusBadGateway, "the answer is too large to export", errcode.ResponseTooLarge)
		return
	}
	for _, k := range []string{"Content-Type", "Retry-After", "WWW-Authenticate", "X-Content-Type-Options"} {
		if v := rec.header.Values(k); len(v) > 0 {
			w.Header()[k] = v
		}
	}
	w.WriteHeader(rec.status)
	_, _ = w.Write(rec.body.Bytes())
}

// writeRefusal answers 502 (400 when the operation did not run) with the
// refusal first and the answer's own
// errors after it, each with its code and province.
func writeRefusal(w http.ResponseWriter, e *RefusedError) {
	type ext struct {
		Code      string   `json:"code"`
		Province  string   `json:"province,omitempty"`
		Provinces []string `json:"provinces,omitempty"`
	}
	type item struct {
		Message    string `json:"message"`
		Extensions ext    `json:"extensions"`
	}
	msg := "not exported: the answer has errors"
	if e.Partial {
		msg = "not exported: " + strings.Join(e.Provinces, ", ") + " failed; add partial=allow to export the other provinces' rows"
	}
	out := []item{{Message: msg, Extensions: ext{Code: string(e.Code), Provinces: e.Provinces}}}
	for _, x := range e.Errors {
		out = append(out, item{Message: errcode.Clip(x.Message), Extensions: ext{Code: x.Extensions.Code, Province: x.Extensions.Province}})
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	status := http.StatusBadGateway
	if e.NoData {
		status = http.StatusBadRequest
	}
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(map[string]any{"errors": out})
}

// buffer records an answer in memory, up to max bytes.
type buffer struct {
	header http.Header
	status int
	body   bytes.Buffer
	max    int64
	over   bool
}

func (b *buffer) Header() http.Header { return b.header }

func (b *buffer) WriteHeader(code int) {
	if b.status == 0 {
		b.status = code
	}
}

func (b *buffer) Write(p []byte) (int, error) {
	if b.status == 0 {
		b.status = http.StatusOK
	}
	if int64(b.body.Len()+len(p)) > b.max {
		b.over = true
		return 0, errTooLarge
	}
	return b.body.Write(p)
}

var errTooLarge = errors.New("csvexport: answer too large")
