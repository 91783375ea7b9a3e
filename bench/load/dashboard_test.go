package load

import (
	"context"
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// dashboardPath is the Grafana dashboard of the repository.
const dashboardPath = "../../docs/grafana/mistral-go.json"

type dashboard struct {
	Title  string `json:"title"`
	Panels []struct {
		Type    string `json:"type"`
		Title   string `json:"title"`
		Targets []struct {
			Expr         string `json:"expr"`
			LegendFormat string `json:"legendFormat"`
		} `json:"targets"`
	} `json:"panels"`
}

var (
	metricRef = regexp.MustCompile(`\b(?:mistral|go|process)_[a-z0-9_]+`)
	byClause  = regexp.MustCompile(`by \(([a-z_, ]+)\)`)
	legendRef = regexp.MustCompile(`\{\{([a-z_]+)\}\}`)
)

// TestDashboardMetricsExist checks that every query of the Grafana
// dashboard names a metric mistrald exports, grouped by labels it has.
func TestDashboardMetricsExist(t *testing.T) {
	if testing.Short() {
		t.Skip("starts mistrald")
	}
	data, err := os.ReadFile(dashboardPath)
	if err != nil {
		t.Fatal(err)
	}
	var d dashboard
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatalf("dashboard JSON: %v", err)
	}
	m := startMistrald(t)
	// A little work, so that labelled series exist: pure actions run
	// inline in the engine, so one goes through the executor too.
	if _, err := Run(context.Background(), Config{URL: m.url, Scenario: "noop", N: 3, Poll: 10 * time.Millisecond}); err != nil {
		t.Fatal(err)
	}
	c := NewClient(m.url, 1)
	defer c.Close()
	ctx := context.Background()
	wf := "version: '2.0'\nbench_dash:\n  tasks:\n    t1:\n      action: std.echo\n      input: {output: 1, delay: 0.05}\n"
	if _, err := c.Do(ctx, "POST", "/v2/workflows", []byte(wf), "text/plain"); err != nil {
		t.Fatal(err)
	}
	var e execRef
	if err := c.JSON(ctx, "POST", "/v2/executions", []byte(`{"workflow_name": "bench_dash"}`), &e); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(30 * time.Second); !finalState(e.State); time.Sleep(10 * time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("execution %s still %s", e.ID, e.State)
		}
		if err := c.JSON(ctx, "GET", "/v2/executions/"+e.ID, nil, &e); err != nil {
			t.Fatal(err)
		}
	}
	body, err := c.Do(ctx, "GET", "/metrics", nil, "")
	if err != nil {
		t.Fatal(err)
	}
	labels := scrapeLabels(string(body))
	queries := 0
	for _, p := range d.Panels {
		for _, tg := range p.Targets {
			queries++
			names := metricRef.FindAllString(tg.Expr, -1)
			if len(names) == 0 {
				t.Errorf("%s: %q names no metric", p.Title, tg.Expr)
			}
			var want []string
			for _, g := range byClause.FindAllStringSubmatch(tg.Expr, -1) {
				for _, l := range strings.Split(g[1], ",") {
					want = append(want, strings.TrimSpace(l))
				}
			}
			for _, g := range legendRef.FindAllStringSubmatch(tg.LegendFormat, -1) {
				want = append(want, g[1])
			}
			for _, n := range names {
				have, ok := labels[n]
				if !ok {
					t.Errorf("%s: metric %s is not exported", p.Title, n)
					continue
				}
				for _, l := range want {
					// instance is added by Prometheus when it scrapes.
					if l != "instance" && !have[l] {
						t.Errorf("%s: %s has no label %q", p.Title, n, l)
					}
				}
			}
		}
	}
	if d.Title != "mistral-go" || queries < 20 {
		t.Fatalf("dashboard %q has %d queries", d.Title, queries)
	}
}

// scrapeLabels maps every sample name of a Prometheus text exposition to
// the label names its samples carry.
func scrapeLabels(text string) map[string]map[string]bool {
	out := map[string]map[string]bool{}
	for _, line := range strings.Split(text, "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		name, rest, _ := strings.Cut(line, " ")
		lbl := ""
		if i := strings.IndexByte(name, '{'); i >= 0 {
			name, lbl = line[:i], line[i+1:strings.IndexByte(line, '}')]
			_ = rest
		}
		set := out[name]
		if set == nil {
			set = map[string]bool{}
			out[name] = set
		}
		for _, kv := range strings.Split(lbl, ",") {
			if k, _, ok := strings.Cut(kv, "="); ok {
				set[k] = true
			}
		}
	}
	return out
}
