package ratelimit_test

import (
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/civgraph/civgraph/ratelimit"
)

func TestBurstThenRate(t *testing.T) {
	l := ratelimit.New(2, 3, 10, time.Minute)
	now := time.Unix(1_700_000_000, 0)
	for i := range 3 {
		if ok, _ := l.Allow("a", now); !ok {
			t.Fatalf("request %d of the burst refused", i+1)
		}
	}
	ok, wait := l.Allow("a", now)
	if ok || wait <= 0 || wait > 500*time.Millisecond {
		t.Fatalf("fourth request: ok %v, retry after %s; want refused with at most 500ms (2/s)", ok, wait)
	}
	if ok, _ := l.Allow("b", now); !ok {
		t.Fatal("another client was refused: buckets are per key")
	}
	if ok, _ := l.Allow("a", now.Add(wait)); !ok {
		t.Fatal("refused after waiting the advertised time")
	}
}

func TestClientsAreBounded(t *testing.T) {
	l := ratelimit.New(1, 1, 100, time.Minute)
	now := time.Now()
	huge := strings.Repeat("k", 1<<16)
	for i := range 10_000 {
		l.Allow(huge+strconv.Itoa(i), now)
	}
	if n := l.Clients(); n != 100 {
		t.Fatalf("tracking %d clients, want the bound of 100", n)
	}
}

func TestIdleClientsAreForgotten(t *testing.T) {
	l := ratelimit.New(1, 1, 100, 20*time.Millisecond)
	l.Allow("a", time.Now())
	deadline := time.Now().Add(5 * time.Second)
	for l.Clients() != 0 {
		if time.Now().After(deadline) {
			t.Fatal("an idle client was never forgotten")
		}
		time.Sleep(10 * time.Millisecond)
	}
}
