package e2e

import (
	"strings"
	"testing"
)

// TestBadInput sends malformed requests to a real process: every answer is
// a 4xx with a JSON faultstring (never a 500), and nothing partial is
// stored.
func TestBadInput(t *testing.T) {
	t.Parallel()
	srv := Start(t, "--max-body", "65536")
	huge := []byte("version: '2.0'\n#" + strings.Repeat("x", 1<<20) + "\n")
	cases := []struct {
		method, path string
		body         []byte
		headers      []string
		status       int
	}{
		{"POST", "/v2/workflows", []byte("version: '2.0'\nwf:\n  tasks:\n    t1:\n      on-success: [t2\n"), nil, 400},
		{"POST", "/v2/workflows", []byte(""), nil, 400},
		{"POST", "/v2/workflows", []byte("version: '2.0'\nw\xff:\n  tasks: {}\n"), nil, 400},
		{"POST", "/v2/workflows", []byte("version: '2.0'\nwf:\n  tasks: 5\n"), nil, 400},
		{"POST", "/v2/workflows", huge, nil, 413},
		{"POST", "/v2/workbooks", []byte("version: '2.0'\nname: x\nbogus: 1\n"), nil, 400},
		{"POST", "/v2/actions", []byte("version: '2.0'\na:\n  base: 5\n"), nil, 400},
		{"POST", "/v2/environments", []byte("{"), []string{"Content-Type: application/json"}, 400},
		{"POST", "/v2/environments", []byte(`{"name": "e", "bogus": 1}`), []string{"Content-Type: application/json"}, 400},
		{"POST", "/v2/environments", []byte(`{"name": ["e"]}`), []string{"Content-Type: application/json"}, 400},
		{"POST", "/v2/environments", []byte(`[1]`), []string{"Content-Type: application/json"}, 400},
		{"POST", "/v2/environments", huge, []string{"Content-Type: application/json"}, 413},
		{"GET", "/v2/workflows?marker=not-a-uuid", nil, nil, 400},
		{"GET", "/v2/workflows?sort_keys=nosuchcolumn", nil, nil, 400},
		{"GET", "/v2/workflows?limit=1e3", nil, nil, 400},
		{"GET", "/v2/workflows?bogus=1", nil, nil, 400},
		{"GET", "/v2/workflows?created_at=gt:yesterday", nil, nil, 400},
		{"GET", "/v2/environments?variables=eq:{", nil, nil, 400},
		{"GET", "/v2/actions?limit=0", nil, nil, 400},
	}
	for _, c := range cases {
		r := srv.Do(t, c.method, c.path, c.body, c.headers...)
		if r.Status != c.status {
			t.Errorf("%s %s %.40q: %d %s", c.method, c.path, c.body, r.Status, r.Body)
			continue
		}
		if m := r.Map(t); !m.Has("faultstring") {
			t.Errorf("%s %s: no faultstring: %s", c.method, c.path, r.Body)
		}
	}
	for _, p := range []string{"/v2/workflows", "/v2/workbooks", "/v2/environments"} {
		r := srv.Expect(t, 200, "GET", p, nil)
		if strings.Contains(string(r.Body), `"id"`) {
			t.Errorf("%s: something was stored: %s", p, r.Body)
		}
	}
	if strings.Contains(srv.Logs(), "panic") {
		t.Fatalf("the server panicked:\n%s", srv.Logs())
	}
}
