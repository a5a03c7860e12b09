package jiangsu

import (
	"bytes"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/civgraph/civgraph/civ"
)

// bulkFile is the encoded site register; it is built once, when the
// portal starts, because the dataset does not change while it runs.
type bulkFile struct {
	body     []byte
	etag     string // strong: a hash of the bytes
	modified time.Time
}

// bulkSites serves the whole site register as GB18030 CSV, answering 304
// to a conditional GET whose If-None-Match names the current ETag.
func (s *server) bulkSites(w http.ResponseWriter, r *http.Request) {
	if !s.admit(w, r) {
		return
	}
	s.bulkOnce.Do(s.buildBulk)
	w.Header().Set("ETag", s.bulk.etag)
	w.Header().Set("Last-Modified", s.bulk.modified.UTC().Format(http.TimeFormat))
	if etagMatches(r.Header.Get("If-None-Match"), s.bulk.etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	// A large register takes as long to send as the client takes to
	// read it; the server's write timeout is meant for API answers.
	_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(bulkWriteTimeout))
	w.Header().Set("Content-Type", "text/csv; charset=GB18030")
	w.Header().Set("Content-Length", strconv.Itoa(len(s.bulk.body)))
	_, _ = w.Write(s.bulk.body)
}

// bulkWriteTimeout is how long sending the bulk file may take.
const bulkWriteTimeout = 10 * time.Minute

func (s *server) buildBulk() {
	s.bulk = buildBulk(s.ds.Province(civ.Jiangsu).ServiceSites, s.opts.Now())
}

func buildBulk(sites []civ.ServiceSite, now time.Time) bulkFile {
	var buf bytes.Buffer
	enc := simplifiedchinese.GB18030.NewEncoder().Writer(&buf)
	cw := csv.NewWriter(enc)
	// Writes into a bytes.Buffer cannot fail, and GB18030 encodes every
	// Unicode scalar value, so the errors are not checked.
	_ = cw.Write(siteColumns)
	for _, site := range sites {
		_ = cw.Write(siteRecord(site))
	}
	cw.Flush()
	sum := sha256.Sum256(buf.Bytes())
	return bulkFile{body: buf.Bytes(), etag: `"` + hex.EncodeToString(sum[:16]) + `"`, modified: now}
}

// etagMatches applies If-None-Match's weak comparison (RFC 9110 13.1.2):
// "*" or any listed tag equal to etag once W/ prefixes are ignored.
func etagMatches(header, etag string) bool {
	for tag := range strings.SplitSeq(header, ",") {
		tag = strings.TrimSpace(tag)
		if tag == "*" || strings.TrimPrefix(tag, "W/") == strings.TrimPrefix(etag, "W/") {
			return true
		}
	}
	return false
}
