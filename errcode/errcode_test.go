package errcode_test

import (
	"bufio"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/errcode"
)

// readmeTable returns the README's error table: code → meaning.
func readmeTable(t *testing.T) map[errcode.Code]string {
	t.Helper()
	f, err := os.Open("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	row := regexp.MustCompile("^\\| `([A-Z_]+)` \\| (.+) \\|$")
	out := map[errcode.Code]string{}
	in := false
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "## "):
			in = line == "## Errors and provenance"
		case in:
			if m := row.FindStringSubmatch(line); m != nil {
				if _, dup := out[errcode.Code(m[1])]; dup {
					t.Errorf("README lists %s twice", m[1])
				}
				out[errcode.Code(m[1])] = m[2]
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 {
		t.Fatal("found no error table under \"## Errors and provenance\" in README.md")
	}
	return out
}

func TestREADMETableMatchesCodes(t *testing.T) {
	readme := readmeTable(t)
	for _, info := range errcode.All() {
		doc, ok := readme[info.Code]
		switch {
		case !ok:
			t.Errorf("%s is missing from the README's error table", info.Code)
		case doc != info.Doc:
			t.Errorf("%s: README says %q, the table says %q", info.Code, doc, info.Doc)
		}
		delete(readme, info.Code)
	}
	for code := range readme {
		t.Errorf("the README lists %s, which errcode does not define", code)
	}
}

func TestEveryCodeHasAStatusAndMeaning(t *testing.T) {
	for _, info := range errcode.All() {
		if info.Status < 200 || info.Status > 599 || info.Doc == "" {
			t.Errorf("%s: status %d, doc %q", info.Code, info.Status, info.Doc)
		}
		if got, ok := errcode.Lookup(info.Code); !ok || got != info {
			t.Errorf("Lookup(%s) = %v, %v", info.Code, got, ok)
		}
	}
	if _, ok := errcode.Lookup("NOT_A_CODE"); ok {
		t.Error("Lookup found a code that is not in the table")
	}
}
