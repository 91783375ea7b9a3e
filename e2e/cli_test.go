package e2e

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func mustContain(t *testing.T, what, out string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(out, s) {
			t.Fatalf("%s: output lacks %q:\n%s", what, s, out)
		}
	}
}

// row matches a table row holding the cells in order.
func row(cells ...string) *regexp.Regexp {
	parts := make([]string, len(cells))
	for i, c := range cells {
		parts[i] = regexp.QuoteMeta(c)
	}
	return regexp.MustCompile(`(?m)^\|\s*` + strings.Join(parts, `\s*\|.*?\|?\s*`) + `\s*\|`)
}

const cliWorkflow = `---
version: '2.0'

cli_wf:
  description: CLI test workflow
  tags: [cli, test]
  input:
    - name: world
  output:
    greeting: <% $.greeting %>
  tasks:
    hello:
      action: std.echo output="Hello, <% $.name %>"
      publish:
        greeting: <% task().result %>
`

const cliWorkbook = `---
version: '2.0'
name: cli_wb
tags: [wb]
actions:
  shout:
    input: [text]
    base: std.echo
    base-input:
      output: <% $.text %>
workflows:
  main:
    tasks:
      t:
        action: shout text=hi
`

const cliActions = `---
version: '2.0'
cli_act:
  description: says hello
  input:
    - who
    - greeting: "Hello"
  base: std.echo
  base-input:
    output: "<% $.greeting %>, <% $.who %>"
`

// TestCLI drives mistrald with the real python-mistralclient CLI:
// create, list, get, update, validate and delete workbooks, workflows,
// actions and environments, with namespaces, and every list command.
func TestCLI(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	wf := writeFile(t, "wf.yaml", cliWorkflow)
	bad := writeFile(t, "bad.yaml", "version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: [t2\n")

	// Workflows.
	out := srv.CLI(t, "workflow-validate", wf)
	if !row("Valid", "True").MatchString(out) || !row("Error", "None").MatchString(out) {
		t.Fatalf("workflow-validate:\n%s", out)
	}
	out = srv.CLI(t, "workflow-validate", bad)
	if !row("Valid", "False").MatchString(out) {
		t.Fatalf("workflow-validate bad:\n%s", out)
	}
	out = srv.CLI(t, "workflow-create", wf, "--namespace", "ns1")
	mustContain(t, "workflow-create", out, "cli_wf", "ns1", "<default-project>", "cli, test", `name="world"`, "private")
	out = srv.CLI(t, "workflow-create", wf)
	mustContain(t, "workflow-create default namespace", out, "cli_wf")
	_, errOut, err := srv.CLIResult(t, "workflow-create", wf)
	if err == nil || !strings.Contains(errOut, "Duplicate entry for WorkflowDefinition") {
		t.Fatalf("duplicate create: %v %s", err, errOut)
	}
	out = srv.CLI(t, "workflow-list")
	if strings.Count(out, "cli_wf") != 2 {
		t.Fatalf("workflow-list:\n%s", out)
	}
	out = srv.CLI(t, "workflow-get", "cli_wf", "--namespace", "ns1")
	if !row("Namespace", "ns1").MatchString(out) || !row("Updated at", "None").MatchString(out) {
		t.Fatalf("workflow-get:\n%s", out)
	}
	out = srv.CLI(t, "workflow-get-definition", "cli_wf", "--namespace", "ns1")
	if strings.TrimSpace(out) != strings.TrimSpace(cliWorkflow) {
		t.Fatalf("workflow-get-definition:\n%s", out)
	}
	wf2 := writeFile(t, "wf2.yaml", strings.Replace(cliWorkflow, "std.echo", "std.echo delay=0", 1))
	out = srv.CLI(t, "workflow-update", wf2, "--namespace", "ns1")
	if regexp.MustCompile(`\| None\s*\|\s*$`).MatchString(strings.Split(strings.TrimSpace(out), "\n")[3]) {
		t.Fatalf("workflow-update did not set updated_at:\n%s", out)
	}
	out = srv.CLI(t, "workflow-get-definition", "cli_wf", "--namespace", "ns1")
	mustContain(t, "definition after update", out, "delay=0")
	srv.CLI(t, "workflow-delete", "cli_wf", "--namespace", "ns1")
	_, errOut, err = srv.CLIResult(t, "workflow-get", "cli_wf", "--namespace", "ns1")
	if err == nil || !strings.Contains(errOut, "Workflow not found [workflow_identifier=cli_wf, namespace=ns1]") {
		t.Fatalf("get after delete: %v %s", err, errOut)
	}
	out = srv.CLI(t, "workflow-get", "cli_wf")
	mustContain(t, "default namespace kept", out, "cli_wf")

	// Workbooks.
	wb := writeFile(t, "wb.yaml", cliWorkbook)
	out = srv.CLI(t, "workbook-validate", wb)
	if !row("Valid", "True").MatchString(out) {
		t.Fatalf("workbook-validate:\n%s", out)
	}
	out = srv.CLI(t, "workbook-create", wb, "--namespace", "wbns")
	mustContain(t, "workbook-create", out, "cli_wb", "wbns", "wb")
	out = srv.CLI(t, "workbook-list")
	mustContain(t, "workbook-list", out, "cli_wb", "wbns")
	out = srv.CLI(t, "workbook-get", "cli_wb", "--namespace", "wbns")
	if !row("Name", "cli_wb").MatchString(out) {
		t.Fatalf("workbook-get:\n%s", out)
	}
	out = srv.CLI(t, "workflow-list", "--filter", "namespace=wbns")
	mustContain(t, "workbook workflows", out, "cli_wb.main")
	out = srv.CLI(t, "action-list", "--namespace", "wbns")
	mustContain(t, "workbook actions", out, "cli_wb.shout")
	srv.CLI(t, "workbook-update", wb, "--namespace", "wbns")
	srv.CLI(t, "workbook-delete", "cli_wb", "--namespace", "wbns")
	out = srv.CLI(t, "workbook-list")
	if strings.Contains(out, "cli_wb") {
		t.Fatalf("workbook-list after delete:\n%s", out)
	}

	// Actions.
	acts := writeFile(t, "acts.yaml", cliActions)
	out = srv.CLI(t, "action-validate", acts)
	if !row("Valid", "True").MatchString(out) {
		t.Fatalf("action-validate:\n%s", out)
	}
	out = srv.CLI(t, "action-create", acts, "--namespace", "ans")
	mustContain(t, "action-create", out, "cli_act", `who, greeting="Hello"`, "says hello")
	out = srv.CLI(t, "action-list")
	mustContain(t, "action-list", out, "std.echo", "output, delay=0", "std.http")
	if strings.Contains(out, "cli_act") {
		t.Fatalf("action-list shows another namespace:\n%s", out)
	}
	out = srv.CLI(t, "action-list", "--namespace", "ans")
	mustContain(t, "action-list ns", out, "cli_act")
	out = srv.CLI(t, "action-get", "cli_act", "--namespace", "ans")
	if !row("Name", "cli_act").MatchString(out) {
		t.Fatalf("action-get:\n%s", out)
	}
	out = srv.CLI(t, "action-get", "std.echo")
	if !row("Input", "output, delay=0").MatchString(out) {
		t.Fatalf("action-get std.echo:\n%s", out)
	}
	out = srv.CLI(t, "action-get-definition", "cli_act", "--namespace", "ans")
	mustContain(t, "action-get-definition", out, "base: std.echo")
	// action-update of client 4.5 drops --namespace (so does Mistral's
	// answer then): update a default-namespace copy.
	srv.CLI(t, "action-create", acts)
	out = srv.CLI(t, "action-update", writeFile(t, "acts2.yaml", strings.Replace(cliActions, "says hello", "greets", 1)))
	mustContain(t, "action-update", out, "greets")
	srv.CLI(t, "action-delete", "cli_act")
	srv.CLI(t, "action-delete", "cli_act", "--namespace", "ans")
	_, errOut, err = srv.CLIResult(t, "action-get", "cli_act", "--namespace", "ans")
	if err == nil || !strings.Contains(errOut, "Action not found") {
		t.Fatalf("action-get after delete: %v %s", err, errOut)
	}

	// Environments.
	env := writeFile(t, "env.yaml", "name: cli_env\ndescription: CLI env\nvariables:\n  target: mars\n  n: 3\n")
	out = srv.CLI(t, "environment-create", env)
	mustContain(t, "environment-create", out, "cli_env", "CLI env", `"target": "mars"`)
	out = srv.CLI(t, "environment-list")
	if !row("cli_env", "CLI env", "private").MatchString(out) {
		t.Fatalf("environment-list:\n%s", out)
	}
	env2 := writeFile(t, "env2.json", `{"name": "cli_env", "description": "changed"}`)
	out = srv.CLI(t, "environment-update", env2)
	mustContain(t, "environment-update", out, "changed", `"target": "mars"`)
	out = srv.CLI(t, "environment-get", "cli_env")
	if !row("Description", "changed").MatchString(out) {
		t.Fatalf("environment-get:\n%s", out)
	}
	srv.CLI(t, "environment-delete", "cli_env")
	out = srv.CLI(t, "environment-list")
	if strings.Contains(out, "cli_env") {
		t.Fatalf("environment-list after delete:\n%s", out)
	}

	// Services.
	out = srv.CLI(t, "service-list")
	for _, g := range []string{"api_group", "engine_group", "executor_group"} {
		mustContain(t, "service-list", out, g)
	}
}

// TestCLIListsPage checks the paging options of the list commands.
func TestCLIListsPage(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	var b strings.Builder
	b.WriteString("version: '2.0'\n")
	for _, n := range []string{"pa", "pb", "pc", "pd"} {
		b.WriteString(n + ":\n  tasks:\n    t:\n      action: std.noop\n")
	}
	srv.CLI(t, "workflow-create", writeFile(t, "wfs.yaml", b.String()))
	out := srv.CLI(t, "workflow-list", "--limit", "2", "--sort_keys", "name", "--sort_dirs", "desc", "-f", "value", "-c", "Name")
	if strings.Fields(out)[0] != "pd" || len(strings.Fields(out)) != 2 {
		t.Fatalf("workflow-list --limit 2:\n%s", out)
	}
	out = srv.CLI(t, "action-list", "--limit", "3", "-f", "value", "-c", "Name")
	if len(strings.Fields(out)) != 3 {
		t.Fatalf("action-list --limit 3:\n%s", out)
	}
}
