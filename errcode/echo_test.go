package errcode

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestEchoBoundsWhatIsRepeated(t *testing.T) {
	if got := Echo("abc"); got != `"abc"` {
		t.Errorf("short value: %s", got)
	}
	long := strings.Repeat("河", 1<<20) // 3 MiB of three-byte characters
	got := Echo(long)
	if len(got) > MaxEcho+40 || !strings.Contains(got, "3145728 bytes") {
		t.Errorf("long value echoed as %d bytes: %.100s", len(got), got)
	}
	if !utf8.ValidString(got) || !strings.HasPrefix(got, `"河河`) {
		t.Errorf("cut inside a character or not quoted: %.100s", got)
	}
}

func TestClipBoundsAMessage(t *testing.T) {
	if got := Clip("short"); got != "short" {
		t.Errorf("short message changed: %q", got)
	}
	got := Clip("operation " + strings.Repeat("名", 1<<18) + " not found")
	if len(got) > MaxMessage+30 || !utf8.ValidString(got) || !strings.HasPrefix(got, "operation 名") {
		t.Errorf("clipped to %d bytes: %.80s", len(got), got)
	}
}
