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
// what the codec signed for the same query, with valid offsets.
func FuzzDecodeCursor(f *testing.F) {
	codec := cursorCodec{key: []byte("fuzz key")}
	query := fingerprint(KindServiceSite, []civ.ProvinceCode{civ.Hebei, civ.Shanghai}, civ.Filter{})
	valid := codec.encode(cursorState{Query: query, Offsets: map[civ.ProvinceCode]int{civ.Hebei: 20, civ.Shanghai: 3}})
	other := cursorCodec{key: []byte("another key")}.encode(cursorState{Query: query, Offsets: map[civ.ProvinceCode]int{civ.Hebei: -5}})
	for _, s := range []string{valid, valid[:len(valid)/2], valid + "A", strings.ToUpper(valid), other, "", "x", strings.Repeat("_", 300)} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cursor string) {
		s, err := codec.decode(cursor, query)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		if s.Query != query || s.V != cursorVersion {
			t.Fatalf("accepted a cursor of another query or version: %+v", s)
		}
		for p, o := range s.Offsets {
			if !p.IsValid() || o < 0 {
				t.Fatalf("accepted offsets %v", s.Offsets)
			}
		}
	})
}

// FuzzCursorPayload signs arbitrary payloads with the right key, so the
// checks behind the signature (JSON, version, query, offsets) are fuzzed
// too: a leaked or reused key must still not let a cursor panic the
// gateway or carry negative offsets or unknown provinces.
func FuzzCursorPayload(f *testing.F) {
	codec := cursorCodec{key: []byte("fuzz key")}
	query := fingerprint(KindMeeting, civ.AllProvinces, civ.Filter{})
	for _, s := range []string{
		`{"v":1,"q":` + strconv.Quote(query) + `,"o":{"HEBEI":3}}`,
		`{"v":1,"q":` + strconv.Quote(query) + `,"o":{"HEBEI":-1}}`,
		`{"v":1,"q":` + strconv.Quote(query) + `,"o":{"MARS":1}}`,
		`{"v":2,"q":` + strconv.Quote(query) + `}`, `{"v":1,"q":"other"}`, `{"v":1,"q":` + strconv.Quote(query) + `,"o":{"HEBEI":1e99}}`,
		`null`, `[]`, `{"v":1`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, payload []byte) {
		mac := hmac.New(sha256.New, codec.key)
		mac.Write(payload)
		cursor := base64.RawURLEncoding.EncodeToString(append(payload, mac.Sum(nil)[:macSize]...))
		s, err := codec.decode(cursor, query)
		if err != nil {
			if !errors.Is(err, ErrInvalidInput) {
				t.Fatalf("uncoded error %v", err)
			}
			return
		}
		for p, o := range s.Offsets {
			if !p.IsValid() || o < 0 {
				t.Fatalf("accepted offsets %v", s.Offsets)
			}
		}
	})
}
