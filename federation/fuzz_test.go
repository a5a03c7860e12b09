package federation

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// FuzzDecodeID: any string either decodes to an ID that encodes back to
// itself or fails as invalid input.
func FuzzDecodeID(f *testing.F) {
	for _, s := range []string{
		EncodeID(KindMeeting, civ.Hebei, "hb-2024-001"), EncodeID(KindServiceSite, civ.Shanghai, "a:b:c"),
		EncodeID(KindProvince, civ.Hubei, "HUBEI"), EncodeID(KindTask, civ.Jiangsu, "任务-1")[:10],
		EncodeID("Nope", civ.Hebei, "x"), EncodeID(KindTask, "MARS", "x"), EncodeID(KindTask, civ.Hebei, ""),
		"", "====", "TWVldGluZzpIRUJFSTo", "\x00\xff", strings.Repeat("A", 4096),
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		gid, err := DecodeID(id)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("DecodeID(%q): uncoded error %v", id, err)
			}
			return
		}
		if !knownKinds[gid.Kind] || !gid.Province.IsValid() || gid.LocalID == "" {
			t.Fatalf("DecodeID(%q) = %+v", id, gid)
		}
		if again, err := DecodeID(EncodeID(gid.Kind, gid.Province, gid.LocalID)); err != nil || again != gid {
			t.Fatalf("round trip of %+v: %+v, %v", gid, again, err)
		}
	})
}

// FuzzDecodeCursor: without the key no cursor is accepted; with it, only
// what the codec signed for the same query, with valid positions.
func FuzzDecodeCursor(f *testing.F) {
	codec := cursorCodec{key: []byte("fuzz key")}
	query := fingerprint(KindServiceSite, []civ.ProvinceCode{civ.Hebei, civ.Shanghai}, civ.Filter{}, connectors.Order{})
	signed := codec.sign(pageState{Query: query, Start: []int{20, 3}, From: "0110"})
	valid := edgeCursor(signed, 2)
	other := edgeCursor(cursorCodec{key: []byte("another key")}.sign(pageState{Query: query, Start: []int{-5, 0}, From: "0"}), 0)
	for _, s := range []string{valid, valid[:len(valid)/2], valid[1:], valid + "A", strings.ToUpper(valid), other, "", "x", strings.Repeat("_", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		pos, err := codec.decode(cursor, query, 2)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		checkPosition(t, pos, 2)
	})
}

// checkPosition fails t unless pos is a position over n provinces with no
// negative offset and before one row behind after in one province.
func checkPosition(t *testing.T, pos position, n int) {
	t.Helper()
	if len(pos.after) != n || len(pos.before) != n {
		t.Fatalf("accepted a position over %d provinces, want %d: %+v", len(pos.after), n, pos)
	}
	behind := 0
	for i := range pos.after {
		if pos.before[i] < 0 || pos.after[i] < 0 {
			t.Fatalf("accepted negative offsets %+v", pos)
		}
		behind += pos.after[i] - pos.before[i]
	}
	if behind != 1 {
		t.Fatalf("before is %d rows behind after, want 1: %+v", behind, pos)
	}
}

// FuzzCursorPayload signs arbitrary payloads with the right key, so the
// checks behind the signature (JSON, version, query, positions) are fuzzed
// too: a leaked or reused key must still not let a cursor panic the
// gateway or carry negative offsets or unknown provinces.
func FuzzCursorPayload(f *testing.F) {
	codec := cursorCodec{key: []byte("fuzz key")}
	query := fingerprint(KindMeeting, civ.AllProvinces, civ.Filter{}, connectors.Order{})
	q := strconv.Quote(query)
	for _, s := range []string{
		`{"v":2,"q":` + q + `,"s":[3,0,0,0],"e":"0"}`,
		`{"v":2,"q":` + q + `,"s":[-1,0,0,0],"e":"0"}`,
		`{"v":2,"q":` + q + `,"s":[0,0,0,0],"e":"9"}`,
		`{"v":2,"q":` + q + `,"s":[0,0,0],"e":"0"}`,
		`{"v":1,"q":` + q + `,"o":{"HEBEI":3}}`, `{"v":2,"q":"other"}`, `{"v":2,"q":` + q + `,"s":[1e99,0,0,0],"e":"0"}`,
		`null`, `[]`, `{"v":2`,
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, payload []byte, index uint8) {
		mac := hmac.New(sha256.New, codec.key)
		mac.Write(payload)
		signed := base64.RawURLEncoding.EncodeToString(append(payload, mac.Sum(nil)[:macSize]...))
		pos, err := codec.decode(edgeCursor(signed, int(index%100)), query, len(civ.AllProvinces))
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		checkPosition(t, pos, len(civ.AllProvinces))
	})
}
