package e2e

import (
	"fmt"
	"strings"
	"testing"
)

// TestRestartKeepsDefinitions writes definitions of every kind, kills the
// process with SIGKILL (no shutdown at all), restarts it on the same data
// and reads everything back unchanged.
func TestRestartKeepsDefinitions(t *testing.T) {
	t.Parallel()
	srv := Start(t)
	srv.Expect(t, 201, "POST", "/v2/workbooks?namespace=r", []byte(cliWorkbook))
	srv.Expect(t, 201, "POST", "/v2/workflows", []byte(cliWorkflow))
	srv.Expect(t, 201, "POST", "/v2/actions", []byte(cliActions))
	srv.Expect(t, 201, "POST", "/v2/environments", []byte(`{"name": "renv", "variables": {"a": [1, 2.5, "é"]}}`), "Content-Type: application/json")
	// Many small writes in a row, the last acknowledged just before the kill.
	for i := 0; i < 20; i++ {
		body := fmt.Sprintf("version: '2.0'\nbulk_%02d:\n  tasks:\n    t:\n      action: std.noop\n", i)
		srv.Expect(t, 201, "POST", "/v2/workflows?namespace=bulk", []byte(body))
	}
	srv.Expect(t, 200, "PUT", "/v2/environments", []byte(`{"name": "renv", "description": "after"}`), "Content-Type: application/json")
	paths := []string{
		"/v2/workbooks", "/v2/workflows", "/v2/actions?namespace=r", "/v2/actions",
		"/v2/environments", "/v2/workflows/cli_wf", "/v2/workbooks/cli_wb?namespace=r",
		"/v2/actions/cli_act", "/v2/environments/renv", "/v2/workflows?namespace=bulk&limit=5&sort_keys=name",
	}
	before := map[string]string{}
	for _, p := range paths {
		before[p] = string(srv.Expect(t, 200, "GET", p, nil).Body)
	}
	srv.Kill(t)
	srv.Restart(t)
	for _, p := range paths {
		after := string(srv.Expect(t, 200, "GET", p, nil).Body)
		if after != before[p] {
			t.Errorf("%s changed across the restart:\nbefore: %s\nafter:  %s", p, before[p], after)
		}
	}
	if !strings.Contains(before["/v2/workflows"], "bulk_19") {
		t.Fatal("last write missing before the kill")
	}
	// A graceful stop exits 0 and the data is still there after it.
	srv.Stop(t)
	srv.Restart(t)
	srv.Expect(t, 200, "GET", "/v2/workflows/bulk_19?namespace=bulk", nil)
}
