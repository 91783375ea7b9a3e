package golden

import (
	"context"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/e2e"
	"github.com/mistral-go/mistral-go/value"
)

// TestGolden replays every case on a mistrald and compares with the
// recordings of Mistral 15. MISTRALD_URL names a running service (set it
// to the real Mistral, http://127.0.0.1:8989, to check the recordings and
// this comparer); otherwise the e2e harness starts one. It skips only
// while that mistrald does not serve executions yet.
func TestGolden(t *testing.T) {
	base := os.Getenv("MISTRALD_URL")
	if base == "" {
		if testing.Short() {
			t.Skip("golden cases take minutes; skipped with -short")
		}
		base = e2e.Start(t).URL
	}
	if !servesExecutions(base) {
		t.Skipf("no mistrald serving /v2/executions at %s: golden comparison skipped", base)
	}
	Run(t, base)
}

// servesExecutions says whether base answers GET /v2/executions.
func servesExecutions(base string) bool {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	st, doc, err := newClient(base).call(ctx, http.MethodGet, "/executions?limit=1", nil, "")
	if err != nil || st != http.StatusOK {
		return false
	}
	m, ok := doc.(*value.Map)
	return ok && m.Has("executions")
}

func TestCasesAndRecordings(t *testing.T) {
	cases, err := LoadCases(filepath.Join(Dir(), "cases"))
	if err != nil {
		t.Fatal(err)
	}
	issue4, issue5 := 0, 0
	for _, c := range cases {
		if c.Name < "100" {
			issue4++
		} else {
			issue5++
		}
		if c.Description == "" {
			t.Errorf("%s: no description comment", c.Name)
		}
		if c.Execution == nil || str(c.Execution, "workflow") == "" {
			t.Errorf("%s: no execution to start", c.Name)
		}
		rec, err := LoadRecording(c.Name)
		if err != nil {
			t.Errorf("%s: %v", c.Name, err)
			continue
		}
		if str(rec, "case") != c.Name {
			t.Errorf("%s: recording names case %q", c.Name, str(rec, "case"))
		}
		if rec.Has("end_timeout") {
			t.Errorf("%s: recorded while the execution never ended", c.Name)
		}
		if !rec.Has("execution") && !rec.Has("start") {
			t.Errorf("%s: recording has neither a start nor an execution", c.Name)
		}
		if steps, ok := field(rec, "steps").([]any); ok {
			for i, s := range steps {
				if m, _ := s.(*value.Map); m != nil && m.Has("met") && field(m, "met") != true {
					t.Errorf("%s: step %d: recorded wait never met", c.Name, i+1)
				}
			}
		}
	}
	if issue4 < 45 || issue5 < 35 {
		t.Errorf("cases: %d for issue 4 (want >= 45), %d for issue 5 (want >= 35)", issue4, issue5)
	}
}

func TestParseCase(t *testing.T) {
	text := `# First line.
# Second line.
workflows: |
  version: '2.0'
  wf:

    tasks:
      t: {action: std.noop}

default_actions: |-
  x
execution: {"workflow": "wf",
  "input": {"a": [1, 2.5]}}
environments:
  - {"name": "e1", "variables": {}}
  # a comment
  - {"name": "e2",
     "variables": {"k": "v"}}
end: ["PAUSED"]
settle: 0
timeout: 1.5
`
	c, err := ParseCase("007_x", text)
	if err != nil {
		t.Fatal(err)
	}
	if c.Description != "First line.\nSecond line." {
		t.Errorf("description %q", c.Description)
	}
	if len(c.Docs) != 2 || c.Docs[0].Text != "version: '2.0'\nwf:\n\n  tasks:\n    t: {action: std.noop}\n" || c.Docs[0].Default {
		t.Errorf("docs %+v", c.Docs)
	}
	if d := c.Docs[1]; d.Kind != "actions" || !d.Default || d.Text != "x" {
		t.Errorf("doc 2 %+v", d)
	}
	if got := string(value.AppendPy(nil, c.Execution)); got != `{"workflow": "wf", "input": {"a": [1, 2.5]}}` {
		t.Errorf("execution %s", got)
	}
	if len(c.Environments) != 2 || str(c.Environments[1], "name") != "e2" {
		t.Errorf("environments %v", c.Environments)
	}
	if len(c.End) != 1 || c.End[0] != "PAUSED" || c.Settle != 0 || c.Timeout != 1500*time.Millisecond {
		t.Errorf("end %v settle %v timeout %v", c.End, c.Settle, c.Timeout)
	}
	if c.Namespace() != "golden_007" {
		t.Errorf("namespace %q", c.Namespace())
	}
	for _, bad := range []string{"  indented: 1\n", "x: {not json}\n", "steps:\n  nope\n", "what: 1\n", "workflows: {}\n"} {
		if _, err := ParseCase("bad", bad); err == nil {
			t.Errorf("%q: accepted", bad)
		}
	}
}

func TestNormString(t *testing.T) {
	tb := "Traceback (most recent call last):\n  File \"x.py\", line 1, in f\n    g()\nmistral.exceptions.InputException: boom\n"
	chained := "Traceback (most recent call last):\n  File \"a\"\nKeyError: 'x'\n\nDuring handling of the above exception, another exception occurred:\n\nTraceback (most recent call last):\n  File \"b\"\nValueError: y"
	for _, c := range []struct{ in, want string }{
		{"Failed to run task [error=boom, wf=wf, task=t1]:\n" + tb, "Failed to run task [error=boom, wf=wf, task=t1]"},
		{"head:\n" + chained, "head"},
		{"t [task_ex_id=x] -> Failed [e]:\n" + tb + "    [action_ex_id=y, idx=3]: z\n", "t [task_ex_id=x] -> Failed [e]\n    [action_ex_id=y, idx=<n>]: z\n"},
		{"Can not evaluate YAQL expression [expression=$.x, error='x', data={'a': ']', 'b': [1, {2: 3}]}], wf=w", "Can not evaluate YAQL expression [expression=$.x, error='x'], wf=w"},
		{"[expression=$.x, error=e, data={\"it's\": 1}]", "[expression=$.x, error=e]"},
		{"id 0a1b2c3d-0000-4000-8000-00000000abcd at 2026-11-23 19:40:36.123", "id <uuid> at <timestamp>"},
		{"plain", "plain"},
	} {
		if got := NormString(c.in); got != c.want {
			t.Errorf("NormString(%q)\n got %q\nwant %q", c.in, got, c.want)
		}
	}
	m := value.MapOf("0a1b2c3d-0000-4000-8000-00000000abcd", []any{"2026-01-02T03:04:05"})
	if got := string(value.AppendPy(nil, Norm(m))); got != `{"<uuid>": ["<timestamp>"]}` {
		t.Errorf("Norm map: %s", got)
	}
}

func decode(t *testing.T, s string) any {
	t.Helper()
	v, err := value.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

func TestCompare(t *testing.T) {
	want := decode(t, `{"execution": {"state": "SUCCESS", "output": {"a": 1, "b": 2.0},
		"tasks": [{"name": "t1", "state": "SUCCESS"}, {"name": "t2", "state": "ERROR"}, {"name": "t2", "state": "ERROR"}]},
		"steps": [{"met": true}]}`)
	got := decode(t, `{"execution": {"output": {"b": 2, "a": 1, "c": null}, "state": "SUCCESS",
		"tasks": [{"name": "t2", "state": "ERROR"}, {"name": "t1", "state": "RUNNING"}]},
		"steps": [{"met": true}, {"met": false}]}`)
	var lines []string
	for _, d := range Compare(want, got) {
		lines = append(lines, d.String())
	}
	wantLines := []string{
		`execution.output.b: want 2.0, got 2`,
		`execution.output.c: want (absent), got null`,
		`execution.tasks[t1].state: want "SUCCESS", got "RUNNING"`,
		`execution.tasks[t2#2]: want {"name": "t2", "state": "ERROR"}, got (absent)`,
		`steps[1]: want (absent), got {"met": false}`,
	}
	if strings.Join(lines, "\n") != strings.Join(wantLines, "\n") {
		t.Errorf("diffs:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(wantLines, "\n"))
	}
	if d := Compare(want, want); len(d) != 0 {
		t.Errorf("self comparison: %v", d)
	}
}

func TestCanonicalise(t *testing.T) {
	a := decode(t, `{"execution": {"tasks": [
		{"name": "b", "runtime_context": {"triggered_by": [{"task": "y"}, {"task": "x"}]}, "actions": [{"n": 2}, {"n": 1}], "executions": []},
		{"name": "a", "runtime_context": {}, "actions": [], "executions": [{"workflow_name": "c", "tasks": [{"name": "z"}, {"name": "w"}]}]}]},
		"steps": [{"tasks": [["t2", "RUNNING"], ["t1", "SUCCESS"]]}]}`).(*value.Map)
	b := decode(t, `{"execution": {"tasks": [
		{"name": "a", "runtime_context": {}, "actions": [], "executions": [{"workflow_name": "c", "tasks": [{"name": "w"}, {"name": "z"}]}]},
		{"name": "b", "runtime_context": {"triggered_by": [{"task": "x"}, {"task": "y"}]}, "actions": [{"n": 1}, {"n": 2}], "executions": []}]},
		"steps": [{"tasks": [["t1", "SUCCESS"], ["t2", "RUNNING"]]}]}`).(*value.Map)
	Canonicalise(a)
	Canonicalise(b)
	first := field(field(a, "execution").(*value.Map), "tasks").([]any)[0].(*value.Map)
	if string(value.AppendPy(nil, first)) != `{"name": "a", "runtime_context": {}, "actions": [], "executions": [{"workflow_name": "c", "tasks": [{"name": "w"}, {"name": "z"}]}]}` {
		t.Errorf("task maps damaged or not sorted: %s", value.AppendPy(nil, first))
	}
	if string(value.AppendPy(nil, a)) != string(value.AppendPy(nil, b)) {
		t.Errorf("not canonical:\n%s\n%s", value.AppendPy(nil, a), value.AppendPy(nil, b))
	}
}

func TestDeviations(t *testing.T) {
	devs, err := ParseDeviations("text\n\n| case | field | reason |\n|---|---|---|\n" +
		"| `012_x` | `execution.state_info` | no traceback |\n" +
		"| 1* | execution.tasks[*].state_info | reason with | a bar |\n")
	if err != nil {
		t.Fatal(err)
	}
	if len(devs) != 2 || devs[1].Reason != "reason with | a bar" {
		t.Fatalf("parsed %+v", devs)
	}
	for _, c := range []struct {
		cs, path string
		want     bool
	}{
		{"012_x", "execution.state_info", true},
		{"012_x", "execution.state_info_more", false},
		{"012_y", "execution.state_info", false},
		{"101_a", "execution.tasks[t1#2].state_info", true},
		{"101_a", "execution.tasks[t1].executions[c].tasks[t].state_info", false},
		{"101_a", "execution.tasks[t1].state", false},
	} {
		_, failed := Split(devs, c.cs, []Diff{{Path: c.path}})
		if got := len(failed) == 0; got != c.want {
			t.Errorf("%s %s: allowed %v, want %v", c.cs, c.path, got, c.want)
		}
	}
	if _, err := ParseDeviations("| a | | |\n"); err == nil {
		t.Error("row without field accepted")
	}
	if _, err := LoadDeviations(filepath.Join(Dir(), "deviations.md")); err != nil {
		t.Errorf("deviations.md: %v", err)
	}
}
