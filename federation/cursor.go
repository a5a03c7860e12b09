package federation

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"

	"github.com/civgraph/civgraph/civ"
)

// cursorVersion changes whenever the cursor layout does; older cursors are
// then rejected with a clear error instead of being misread.
const cursorVersion = 1

const macSize = 16

// cursorState is what a cursor carries: which list and filter it belongs
// to, and how far into each source the page has read.
type cursorState struct {
	V       int                      `json:"v"`
	Query   string                   `json:"q"` // fingerprint of list kind, provinces and filter
	Offsets map[civ.ProvinceCode]int `json:"o"`
}

type cursorCodec struct{ key []byte }

func (c cursorCodec) encode(s cursorState) string {
	s.V = cursorVersion
	payload, _ := json.Marshal(s) // plain struct of strings and ints: cannot fail
	mac := hmac.New(sha256.New, c.key)
	mac.Write(payload)
	return base64.RawURLEncoding.EncodeToString(append(payload, mac.Sum(nil)[:macSize]...))
}

// decode verifies the signature and that the cursor belongs to query.
func (c cursorCodec) decode(cursor, query string) (cursorState, error) {
	raw, err := base64.RawURLEncoding.DecodeString(cursor)
	if err != nil || len(raw) <= macSize {
		return cursorState{}, invalidInput("malformed cursor")
	}
	payload, sum := raw[:len(raw)-macSize], raw[len(raw)-macSize:]
	mac := hmac.New(sha256.New, c.key)
	mac.Write(payload)
	if !hmac.Equal(sum, mac.Sum(nil)[:macSize]) {
		return cursorState{}, invalidInput("cursor signature does not match: it was altered or issued by another deployment")
	}
	var s cursorState
	if err := json.Unmarshal(payload, &s); err != nil {
		return cursorState{}, invalidInput("malformed cursor")
	}
	if s.V != cursorVersion {
		return cursorState{}, invalidInput("cursor version %d is no longer supported; start again without after", s.V)
	}
	if s.Query != query {
		return cursorState{}, invalidInput("cursor belongs to a different list or filter")
	}
	for p, o := range s.Offsets {
		if !p.IsValid() || o < 0 {
			return cursorState{}, invalidInput("malformed cursor")
		}
	}
	return s, nil
}

// fingerprint identifies a list query so its cursors cannot be replayed
// against another filter.
func fingerprint(kind Kind, provinces []civ.ProvinceCode, f civ.Filter) string {
	b, _ := json.Marshal(struct {
		K Kind
		P []civ.ProvinceCode
		F civ.Filter
	}{kind, provinces, f})
	sum := sha256.Sum256(b)
	return base64.RawURLEncoding.EncodeToString(sum[:12])
}
