package textmatch_test

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/civgraph/civgraph/textmatch"
)

func TestNormalize(t *testing.T) {
	for in, want := range map[string]string{
		"ＡＢＣ１２３":       "abc123",
		"长者　食堂":        "长者 食堂",
		"  社区（长者）食堂！ ": "社区 长者 食堂",
		"Meals-a-Day":  "meals a day",
		"":             "",
		"，。！":          "",
	} {
		if got := textmatch.Normalize(in); got != want {
			t.Errorf("Normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestTerms(t *testing.T) {
	got := textmatch.Terms("长者 食堂 A栋 长者 ｃａｎｔｅｅｎ")
	want := []textmatch.Term{{"长者", true}, {"食堂", true}, {"a栋", true}, {"canteen", false}}
	if !slices.Equal(got, want) {
		t.Fatalf("Terms = %v, want %v", got, want)
	}
	if n := len(textmatch.Terms("一 二 三 四 五 六 七 八 九 十 甲 乙 丙 丁 戊 己 庚 辛")); n != textmatch.MaxTerms {
		t.Fatalf("Terms kept %d terms, want %d", n, textmatch.MaxTerms)
	}
}

func TestMatch(t *testing.T) {
	cases := []struct {
		query string
		texts []string
		want  bool
	}{
		{"长者食堂", []string{"徐汇区社区长者食堂"}, true},
		{"长者 食堂", []string{"徐汇区社区长者食堂"}, true},
		{"食堂 长者", []string{"徐汇区社区长者食堂"}, true},
		{"长者　食堂", []string{"徐汇区社区长者食堂"}, true},
		{"助餐", []string{"老年助餐服务点"}, true},
		{"殡葬", []string{"推进殡葬改革"}, true},
		{"婚姻登记", []string{"婚姻登记处"}, true},
		{"婚姻 登记", []string{"婚姻", "登记处"}, true}, // terms may match different fields
		{"婚姻登记", []string{"婚姻", "登记处"}, false}, // one term's bigrams must share a field
		{"长者食堂", []string{"长者助餐食堂"}, false},    // 者食 is missing
		{"养", []string{"养老院"}, true},           // one character
		{"养", []string{"老年食堂"}, false},
		{"CANTEEN", []string{"community canteens"}, true}, // case, part of a word
		{"ｃａｎｔｅｅｎ", []string{"Community Canteen"}, true},  // full-width
		{"anteen", []string{"community canteen"}, true},   // anywhere in a word
		{"25", []string{"到2025年底"}, true},
		{"canteen", []string{"can teen"}, false}, // a word must be whole
		{"canteen", []string{"cant", "een"}, false},
		{"2025", []string{"到2025年底"}, true}, // digits run next to Han
		{"站点2", []string{"站点20"}, true},     // Han and digits in one term: 站点, 点2
		{"站点2", []string{"站点12"}, false},
		{"2025年", []string{"到2025年底"}, true},
		{"a栋", []string{"B座A栋"}, true},
		{"食堂", []string{""}, false},
		{"", []string{"anything"}, true},      // no terms: no restriction
		{"！？", []string{"anything"}, true},    // only separators: no terms
		{"社区 不存在", []string{"社区长者食堂"}, false}, // every term must match
		{"长者食堂", []string{"社区长者，食堂"}, false},  // 者食 crosses punctuation
	}
	for _, c := range cases {
		if got := textmatch.Match(c.query, c.texts...); got != c.want {
			t.Errorf("Match(%q, %q) = %v, want %v", c.query, c.texts, got, c.want)
		}
	}
}

// A substring keyword (the matching lists had before) still matches:
// every bigram of a substring is in the text, and every part of a word.
func TestSubstringStillMatches(t *testing.T) {
	text := "上海市徐汇区2号楼Community长者食堂（示例）"
	rs := []rune(text)
	for i := range rs {
		for j := i + 1; j <= len(rs); j++ {
			if q := string(rs[i:j]); !textmatch.Match(q, text) {
				t.Fatalf("substring %q does not match %q", q, text)
			}
		}
	}
}

func TestScoreRanksBetterMatchesFirst(t *testing.T) {
	q := textmatch.Compile("长者 食堂")
	title := func(s string) textmatch.Field { return textmatch.Field{Name: "name", Text: s, Weight: 3} }
	exact := q.Score(title("长者食堂"))
	phrase := q.Score(title("徐汇区社区长者食堂"))
	long := q.Score(title("徐汇区社区长者食堂及周边为老服务设施的综合体建设试点项目说明"))
	apart := q.Score(title("长者助餐食堂"))
	none := q.Score(title("婚姻登记处"))
	if !(exact > phrase && phrase > long && long > apart && apart > none && none == 0) {
		t.Fatalf("scores out of order: exact %v, phrase %v, long %v, apart %v, none %v", exact, phrase, long, apart, none)
	}
	desc := q.Score(textmatch.Field{Name: "summary", Text: "徐汇区社区长者食堂", Weight: 1})
	if desc >= phrase {
		t.Fatalf("a lower-weighted field scores %v, not below %v", desc, phrase)
	}
}

func TestHighlight(t *testing.T) {
	cases := []struct {
		query, text string
		max         int
		want        string // text with [marks]
	}{
		{"长者食堂", "社区长者食堂", 0, "社区[长者食堂]"},
		{"长者 食堂", "社区长者食堂", 0, "社区[长者食堂]"},
		{"长者食堂", "长者之家与食堂", 0, "[长者]之家与[食堂]"},
		{"canteen", "Ｃａｎｔｅｅｎｓ of 社区", 0, "[Ｃａｎｔｅｅｎ]ｓ of 社区"},
		{"婚姻", "一二三四五六七八九十婚姻登记处一二三四五六七八九十", 10, "…九十[婚姻]登记处一二三…"},
		{"不存在", "社区长者食堂", 0, "社区长者食堂"},
	}
	for _, c := range cases {
		s := textmatch.Compile(c.query).Highlight(c.text, c.max)
		if got := render(s); got != c.want {
			t.Errorf("Highlight(%q, %q) = %q, want %q", c.query, c.text, got, c.want)
		}
	}
}

func render(s textmatch.Snippet) string {
	out := ""
	for _, f := range s.Fragments() {
		if f.Match {
			out += "[" + f.Text + "]"
		} else {
			out += f.Text
		}
	}
	return out
}

func TestSnippetPicksTheFirstMatchingField(t *testing.T) {
	q := textmatch.Compile("殡葬")
	s := q.Snippet(40, textmatch.Field{Name: "title", Text: "民政工作会议"}, textmatch.Field{Name: "summary", Text: "部署殡葬改革"})
	if s.Field != "summary" || render(s) != "部署[殡葬]改革" {
		t.Fatalf("Snippet = %+v", s)
	}
}

// The index finds exactly the rows Match accepts, once confirmed.
func TestIndexAgreesWithMatch(t *testing.T) {
	text := randomText(rand.New(rand.NewPCG(1, 2)), "长者食堂社区助餐殡葬婚姻登记养老服务中心ab1 ，")
	ix := textmatch.NewIndex()
	var rows [][2]string
	for range 2000 {
		r := [2]string{text(8), text(20)}
		rows = append(rows, r)
		ix.Add(r[0], r[1])
	}
	for _, query := range []string{"长者食堂", "长者 食堂", "助餐", "殡", "婚姻登记", "ab", "b1", "社区 服务", "不在"} {
		q := textmatch.Compile(query)
		cands, all := ix.Candidates(q)
		if all {
			t.Fatalf("%q: all rows", query)
		}
		var got, want []int
		for _, c := range cands {
			if q.Match(rows[c][0], rows[c][1]) {
				got = append(got, c)
			}
		}
		for i, r := range rows {
			if q.Match(r[0], r[1]) {
				want = append(want, i)
			}
		}
		if !slices.Equal(got, want) {
			t.Fatalf("%q: index found %d rows, Match %d", query, len(got), len(want))
		}
	}
	if _, all := ix.Candidates(textmatch.Compile("，")); !all {
		t.Fatal("a query of separators should match all rows")
	}
}

func FuzzHighlight(f *testing.F) {
	f.Add("长者 食堂", "社区长者食堂（示例）", 10)
	f.Add("ﬁ", "ﬁle ﬁ", 3)
	f.Add("Ａ", "\xff\xfeＡａ", 1)
	f.Fuzz(func(t *testing.T, query, text string, max int) {
		q := textmatch.Compile(query)
		s := q.Highlight(text, max%200)
		n := utf8.RuneCountInString(s.Text)
		end := -1
		for _, r := range s.Ranges {
			if r.Start <= end || r.Start >= r.End || r.End > n {
				t.Fatalf("bad ranges %v for %q (%d runes)", s.Ranges, s.Text, n)
			}
			end = r.End
		}
		if len(s.Ranges) > textmatch.MaxRanges {
			t.Fatalf("%d ranges", len(s.Ranges))
		}
		_ = fmt.Sprint(q.Score(textmatch.Field{Text: text, Weight: 1}))
	})
}

// FuzzSubstringMatches: a piece of a text, typed as a query, finds the
// text, whatever the script (so the keyword filter lost no row the old
// substring filter found); and the index offers the text as a candidate.
func FuzzSubstringMatches(f *testing.F) {
	f.Add("上海市徐汇区2号楼Community长者食堂（示例）", 3, 9)
	f.Add("ﬁle Ｃａｎｔｅｅｎ İstanbul", 1, 12)
	f.Fuzz(func(t *testing.T, text string, i, j int) {
		rs := []rune(text)
		if len(rs) == 0 {
			return
		}
		i, j = int(uint(i)%uint(len(rs))), int(uint(j)%uint(len(rs)+1))
		if i >= j {
			return
		}
		q := textmatch.Compile(string(rs[i:j]))
		if !q.Match(text) {
			t.Fatalf("%q does not find %q", string(rs[i:j]), text)
		}
		ix := textmatch.NewIndex()
		ix.Add(text)
		if rows, all := ix.Candidates(q); !all && len(rows) != 1 {
			t.Fatalf("the index does not offer %q for %q", text, string(rs[i:j]))
		}
	})
}

// TestKeysDecideMatch: a query matches texts exactly when each of its
// terms has every key within one text's folded form, as Term.Keys says.
func TestKeysDecideMatch(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	text := randomText(rnd, "长者食堂社区助餐abAＢ1２ ，")
	for range 3000 {
		query, texts := text(1+rnd.IntN(5)), []string{text(rnd.IntN(12)), text(rnd.IntN(12))}
		want := true
		for _, term := range textmatch.Terms(query) {
			inOne := false
			for _, s := range texts {
				all := true
				for _, k := range term.Keys() {
					all = all && strings.Contains(textmatch.Normalize(s), k)
				}
				inOne = inOne || all
			}
			want = want && inOne
		}
		if got := textmatch.Match(query, texts...); got != want {
			t.Fatalf("Match(%q, %q) = %v; its keys say %v", query, texts, got, want)
		}
	}
}

// randomText returns a generator of texts of n characters drawn from
// alphabet.
func randomText(rnd *rand.Rand, alphabet string) func(n int) string {
	runes := []rune(alphabet)
	return func(n int) string {
		rs := make([]rune, n)
		for i := range rs {
			rs[i] = runes[rnd.IntN(len(runes))]
		}
		return string(rs)
	}
}
