package load

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
)

// Scenario is one kind of load: workflow executions of a given shape, or
// GET requests of one resource.
type Scenario struct {
	// Name is the scenario's command-line name.
	Name string
	// Title describes it in tables.
	Title string
	// Tasks and Actions are the task and action executions one execution
	// of the main workflow creates (sub-workflows included); zero for GET
	// scenarios.
	Tasks, Actions int
	// Executions is the number of workflow executions one start creates
	// (more than one with sub-workflows).
	Executions int
	// DefaultN is the burst size when none is given (bench.py's sizes
	// where it has the scenario).
	DefaultN int
	// Get is the kind of GET load ("workflow" or "executions"); empty for
	// execution scenarios.
	Get string
	// define returns the workflow definition text for main workflow name
	// and every workflow name it defines, the main one first.
	define func(name string) (string, []string)
}

// Scenarios lists the scenarios by name.
var Scenarios = map[string]*Scenario{
	"noop":      {Name: "noop", DefaultN: 200, Title: "1-task std.noop", Tasks: 1, Actions: 1, Executions: 1, define: noopWorkflow},
	"chain10":   {Name: "chain10", DefaultN: 50, Title: "10-task std.noop chain", Tasks: 10, Actions: 10, Executions: 1, define: chainWorkflow(10)},
	"items100":  {Name: "items100", DefaultN: 1, Title: "with-items 100 × std.echo", Tasks: 1, Actions: 100, Executions: 1, define: itemsWorkflow(100)},
	"items10k":  {Name: "items10k", DefaultN: 1, Title: "with-items 10,000 × std.echo", Tasks: 1, Actions: 10000, Executions: 1, define: itemsWorkflow(10000)},
	"join100":   {Name: "join100", DefaultN: 20, Title: "100 branches joined", Tasks: 101, Actions: 101, Executions: 1, define: joinWorkflow(100)},
	"nested":    {Name: "nested", DefaultN: 50, Title: "sub-workflows 2×2 deep", Tasks: 10, Actions: 4, Executions: 7, define: nestedWorkflow},
	"get-wf":    {Name: "get-wf", Title: "GET /v2/workflows/<name>", Get: "workflow", define: noopWorkflow},
	"list-exec": {Name: "list-exec", Title: "GET /v2/executions page of 100", Get: "executions", define: noopWorkflow},
}

// ScenarioNames returns the scenario names in a stable order.
func ScenarioNames() []string {
	order := map[string]int{"noop": 0, "chain10": 1, "items100": 2, "items10k": 3, "join100": 4, "nested": 5, "get-wf": 6, "list-exec": 7}
	names := make([]string, 0, len(Scenarios))
	for n := range Scenarios {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return order[names[i]] < order[names[j]] })
	return names
}

func noopWorkflow(name string) (string, []string) {
	return fmt.Sprintf("---\nversion: '2.0'\n%s:\n  tasks:\n    t1:\n      action: std.noop\n", name), []string{name}
}

// chainWorkflow is bench.py's chain: n std.noop tasks, each starting the
// next on success.
func chainWorkflow(n int) func(string) (string, []string) {
	return func(name string) (string, []string) {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nversion: '2.0'\n%s:\n  tasks:\n", name)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "    t%d:\n      action: std.noop\n", i)
			if i < n {
				fmt.Fprintf(&b, "      on-success: [t%d]\n", i+1)
			}
		}
		return b.String(), []string{name}
	}
}

// itemsWorkflow is bench.py's with-items: std.echo over the input list
// 0..n-1, which is the input's default.
func itemsWorkflow(n int) func(string) (string, []string) {
	return func(name string) (string, []string) {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nversion: '2.0'\n%s:\n  input:\n    - items: [", name)
		for i := 0; i < n; i++ {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(i))
		}
		b.WriteString("]\n  tasks:\n    each:\n      with-items: i in <% $.items %>\n      action: std.echo output=<% $.i %>\n")
		return b.String(), []string{name}
	}
}

// joinWorkflow has n std.noop branches that start at once and one task
// joining all of them.
func joinWorkflow(n int) func(string) (string, []string) {
	return func(name string) (string, []string) {
		var b strings.Builder
		fmt.Fprintf(&b, "---\nversion: '2.0'\n%s:\n  tasks:\n", name)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(&b, "    b%d:\n      action: std.noop\n      on-success: [join]\n", i)
		}
		b.WriteString("    join:\n      join: all\n      action: std.noop\n")
		return b.String(), []string{name}
	}
}

// nestedWorkflow runs two sub-workflows in parallel, each of which runs
// two leaf sub-workflows of one std.noop: 7 executions, 10 tasks.
func nestedWorkflow(name string) (string, []string) {
	mid, leaf := name+"_mid", name+"_leaf"
	text := fmt.Sprintf(`---
version: '2.0'
%[1]s:
  tasks:
    a:
      workflow: %[2]s
    b:
      workflow: %[2]s
%[2]s:
  tasks:
    a:
      workflow: %[3]s
    b:
      workflow: %[3]s
%[3]s:
  tasks:
    t1:
      action: std.noop
`, name, mid, leaf)
	return text, []string{name, mid, leaf}
}
