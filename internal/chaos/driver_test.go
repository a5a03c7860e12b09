package chaos_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/civgraph/civgraph/internal/chaos"
	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

func TestDistinctMeetingsStayDistinctAndInRange(t *testing.T) {
	seen := map[string]int{}
	for _, i := range []int{0, 1, 2, 44_999, 45_000, 45_001, 1_000_000, chaos.MaxDistinct - 1} {
		v := chaos.DistinctMeetings(i).Variables
		key := fmt.Sprint(v["from"], v["to"])
		if j, dup := seen[key]; dup {
			t.Errorf("queries %d and %d are the same: %s", j, i, key)
		}
		seen[key] = i
		from, err1 := time.Parse(time.DateOnly, v["from"].(string))
		to, err2 := time.Parse(time.DateOnly, v["to"].(string))
		if err1 != nil || err2 != nil || from.Year() < 1900 || !from.Before(time.Date(2024, 3, 1, 0, 0, 0, 0, time.UTC)) ||
			to.Before(time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC)) || to.Year() >= 2100 {
			t.Errorf("query %d: range %v–%v must cover March 2024 within 1900–2100", i, v["from"], v["to"])
		}
	}
	if chaos.DistinctFrom(5)(0).Variables["from"] != chaos.DistinctMeetings(5).Variables["from"] {
		t.Error("DistinctFrom does not shift the series")
	}
}

func TestSettleWaitsForEveryProvince(t *testing.T) {
	r := newRig(t, nil)
	r.set(map[string]faults.Profile{"jiangsu": {ErrorRatio: 1, ErrorStatuses: []int{500}}})
	if chaos.Settle(context.Background(), r.gateway.URL, 300*time.Millisecond) {
		t.Fatal("settled while Jiangsu answers only 500")
	}
	r.set(nil)
	if !chaos.Settle(context.Background(), r.gateway.URL, 5*time.Second) {
		t.Fatal("did not settle once every province answers")
	}
	// Settled once, it must not settle again from the cache.
	r.set(map[string]faults.Profile{"jiangsu": {Outage: true}})
	if chaos.Settle(context.Background(), r.gateway.URL, 300*time.Millisecond) {
		t.Fatal("settled from cached answers while Jiangsu is down")
	}
}
