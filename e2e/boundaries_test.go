package e2e_test

import (
	"encoding/json"
	"io"
	"net/http"
	"testing"
)

// outlines fetches the provinces' outlines the pages draw
// (/dashboard/boundaries.json) as rings of [lng, lat] by ProvinceCode.
func outlines(t *testing.T, base string) map[string][][][2]float64 {
	t.Helper()
	resp, err := http.Get(base + "dashboard/boundaries.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("boundaries.json: %d %v", resp.StatusCode, err)
	}
	var fc struct {
		Features []struct {
			Properties struct {
				Code string `json:"code"`
			} `json:"properties"`
			Geometry struct {
				Type        string          `json:"type"`
				Coordinates json.RawMessage `json:"coordinates"`
			} `json:"geometry"`
		} `json:"features"`
	}
	if err := json.Unmarshal(raw, &fc); err != nil {
		t.Fatal(err)
	}
	out := map[string][][][2]float64{}
	for _, f := range fc.Features {
		var polys [][][][2]float64
		if f.Geometry.Type == "Polygon" {
			var p [][][2]float64
			err = json.Unmarshal(f.Geometry.Coordinates, &p)
			polys = append(polys, p)
		} else {
			err = json.Unmarshal(f.Geometry.Coordinates, &polys)
		}
		if err != nil {
			t.Fatalf("%s: %v", f.Properties.Code, err)
		}
		for _, p := range polys {
			out[f.Properties.Code] = append(out[f.Properties.Code], p...)
		}
	}
	return out
}

// insideRings tells whether (lng, lat) is inside the rings, even-odd: a
// hole (Beijing and Tianjin inside Hebei) is outside.
func insideRings(rings [][][2]float64, lng, lat float64) bool {
	odd := false
	for _, ring := range rings {
		for i, j := 0, len(ring)-1; i < len(ring); j, i = i, i+1 {
			xi, yi, xj, yj := ring[i][0], ring[i][1], ring[j][0], ring[j][1]
			if (yi > lat) != (yj > lat) && lng < (xj-xi)*(lat-yi)/(yj-yi)+xi {
				odd = !odd
			}
		}
	}
	return odd
}
