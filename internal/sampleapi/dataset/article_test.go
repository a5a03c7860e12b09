package dataset_test

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// The corrections to the seed records, each checked against the sentence
// of the article (testdata/civil-affairs-news-2024-03.txt) it rests on.

// article is the seed page's text with its line breaks and spaces taken
// out, so that a sentence can be found whole although the page breaks it.
func article(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile("testdata/civil-affairs-news-2024-03.txt")
	if err != nil {
		t.Fatal(err)
	}
	return strings.Join(strings.Fields(string(b)), "")
}

// quote fails the test unless the article says sentence.
func quote(t *testing.T, text, sentence string) {
	t.Helper()
	if !strings.Contains(text, strings.Join(strings.Fields(sentence), "")) {
		t.Fatalf("the article does not say %q", sentence)
	}
}

func byID[T any](t *testing.T, rows []T, id func(T) string, want string) T {
	t.Helper()
	for _, r := range rows {
		if id(r) == want {
			return r
		}
	}
	t.Fatalf("no %s", want)
	var zero T
	return zero
}

func task(t *testing.T, ds *dataset.Dataset, p civ.ProvinceCode, id string) civ.Task {
	return byID(t, ds.Province(p).Tasks, func(x civ.Task) string { return x.ID }, id)
}

func TestArticleBylines(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	// The reporter's name stands under the Jiangsu headline; the Hebei and
	// Hubei items end in their credits instead.
	quote(t, text, "江苏省民政厅举办 2024年 全省社会事务工作培训会 ■ 本报记者 皮磊")
	quote(t, text, "民政局负责同志参加会议。 （据河北省民政厅）")
	quote(t, text, "分别在培训班上作交流发言。 （湖北省民政厅）")
	quote(t, text, "据江苏省民政厅官网消息， 3月 21日")
	cases := []struct {
		p              civ.ProvinceCode
		source, byline string
	}{
		{civ.Hebei, "河北省民政厅", ""},
		{civ.Hubei, "湖北省民政厅", ""},
		{civ.Jiangsu, "江苏省民政厅官网", "本报记者 皮磊"},
	}
	for _, c := range cases {
		r := ds.Province(c.p).Meetings[0].Reports[0]
		if r.Source != c.source || r.Byline != c.byline {
			t.Errorf("%s report credited %q by %q, want %q by %q", c.p, r.Source, r.Byline, c.source, c.byline)
		}
	}
}

func TestArticleQingmingDue(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	// Neither item gives a day or a month for the 清明 work: only its year.
	quote(t, text, "并就今年清明节祭扫服务保障工作作出部 署")
	quote(t, text, "会议要求，清明在即，各级民政部门要加强宣传引导")
	quote(t, text, "就切实做好 2024年清明祭扫工作进行了专题安排")
	for id, want := range map[string]string{"HUB-TASK-005": "2024-01-01 YEAR 今年清明节", "JS-TASK-005": "2024-01-01 YEAR 2024年清明"} {
		p := civ.Hubei
		if strings.HasPrefix(id, "JS") {
			p = civ.Jiangsu
		}
		if got := fuzzy(task(t, ds, p, id).Due); got != want {
			t.Errorf("%s due %s, want %s", id, got, want)
		}
	}
}

func TestArticleShanghaiDeadline(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	quote(t, text, "《实施意见》要求，至 2025 年年末，全市社区长者食堂达 到 400 家、老年助餐点达到 2000个，老年助餐服务能力达 到日均 25万客。")
	tk := task(t, ds, civ.Shanghai, "SH-TASK-001")
	for _, d := range append([]civ.FuzzyDate{tk.Due}, tk.Targets[0].Due, tk.Targets[1].Due, tk.Targets[2].Due) {
		if got := fuzzy(d); got != "2025-01-01 YEAR 至2025年年末" {
			t.Errorf("due %s, want the year 2025 in the article's words", got)
		}
	}
}

func TestArticleDatesNotInvented(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	// The page prints no date of its own and no record states when it was
	// updated: both are reported unknown.
	if strings.Contains(text, "2024年3月") {
		t.Fatal("the article does print 2024年3月; revisit the publication date")
	}
	for _, p := range civ.AllProvinces {
		pd := ds.Province(p)
		for _, m := range pd.Meetings {
			if m.Reports[0].Published.Known() || m.Reports[0].Published.Text != "" || !m.UpdatedAt.IsZero() {
				t.Errorf("meeting %s: published %+v, updated %v", m.ID, m.Reports[0].Published, m.UpdatedAt)
			}
		}
		for _, d := range pd.PolicyDocuments {
			if d.Reports[0].Published.Known() || !d.UpdatedAt.IsZero() {
				t.Errorf("document %s: published %+v, updated %v", d.ID, d.Reports[0].Published, d.UpdatedAt)
			}
		}
		for _, tk := range pd.Tasks {
			if !tk.UpdatedAt.IsZero() {
				t.Errorf("task %s: updated %v", tk.ID, tk.UpdatedAt)
			}
		}
	}
}

func TestArticleShanghaiTask6Title(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	quote(t, text, "同时，要调动社会力 量参与老年助餐服务的积极 性，让更多老年人享受到优质 助餐服务。")
	tk := task(t, ds, civ.Shanghai, "SH-TASK-006")
	if tk.Title != "调动社会力量参与老年助餐服务的积极性" || strings.Contains(tk.Title, "明确部门职责") {
		t.Errorf("title %q adds what the article does not say", tk.Title)
	}
	if !strings.Contains(text, strings.Join(strings.Fields(tk.Description), "")) {
		t.Errorf("description %q is not the article's text", tk.Description)
	}
}

func TestArticleJiangsuAttendees(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	const sentence = "各设区市民政局分管负责同志、社会事务处负责同志及残疾人福利工作职能处室负责同志，厅社会事务处有关人员参加会议。"
	quote(t, text, sentence)
	got := ds.Province(civ.Jiangsu).Meetings[0].Attendees
	want := []string{"各设区市民政局分管负责同志、社会事务处负责同志及残疾人福利工作职能处室负责同志", "厅社会事务处有关人员"}
	if !slices.Equal(got, want) {
		t.Errorf("attendees %q, want %q: the city bureaus' 社会事务处 staff are not the province's", got, want)
	}
	hebei := ds.Province(civ.Hebei).Meetings[0].Attendees
	for _, a := range append(got, hebei...) {
		quote(t, text, a)
	}
}

func TestArticleTasksQuoteIt(t *testing.T) {
	text, ds := article(t), loadDefault(t)
	// Every task description is the article's own text (a task's summary
	// of a meeting's list is cut at its sentence boundaries, not reworded).
	for _, p := range civ.AllProvinces {
		for _, tk := range ds.Province(p).Tasks {
			for _, part := range strings.FieldsFunc(tk.Description, func(r rune) bool { return r == '。' }) {
				if !strings.Contains(text, part) {
					t.Errorf("%s: %q is not in the article", tk.ID, part)
				}
			}
		}
	}
}

func TestApproximateSeats(t *testing.T) {
	// The source says "about 80 seats": the figure is kept, flagged as
	// approximate, with the source's wording.
	s := realSites(t)["SH-MEAL-002"]
	if s.Capacity == nil || *s.Capacity != 80 || !s.CapacityApproximate || s.CapacityText != "about 80 seats" {
		t.Errorf("SH-MEAL-002 capacity %v approximate %v %q", s.Capacity, s.CapacityApproximate, s.CapacityText)
	}
}
