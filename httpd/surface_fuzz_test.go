package httpd

import (
	"fmt"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// FuzzSurfaceBodies sends arbitrary bodies and query values to the
// routes of this part of the API: every answer is a 4xx or a success,
// with a JSON body, never a 500.
func FuzzSurfaceBodies(f *testing.F) {
	for _, seed := range []string{"", "{}", "[]", "null", `{"status": "PAUSED"}`, `{"status": 1}`,
		`{"name": "a", "class_name": "Hello", "code_source_name": "m"}`, `{"id": "x", "class_name": 5}`,
		`{"input": {"name": "x"}, "wait_for_result": true, "timeout_seconds": 0}`, `{"timeout_seconds": -1}`,
		`{"workflow_ids": ["019b2bd7-96e7-7219-8c0b-45a73da50088", 3]}`, `{"definition": "version: '2.0'\nx: {"}`,
		`{"display_name": "` + strings.Repeat("x", 200) + `"}`, "\xff\xfe", `{"execution_id": "a/b"}`} {
		f.Add(seed, "limit=1")
	}
	s := newSurfServer(f, "", func(c *Config) { c.InspectClass = fakeInspect })
	s.must(f, 201, "POST", "/v2/workflows", greetV1)
	s.must(f, 201, "POST", "/v2/code_sources?name=m", moduleText, adminHdr)
	s.eng.autoFinish = true
	routes := []struct{ method, path string }{
		{"PUT", "/maintenance"}, {"POST", "/v2/dynamic_actions"}, {"PUT", "/v2/dynamic_actions"},
		{"POST", "/v2/code_sources?name=m2&"}, {"PUT", "/v2/code_sources/m?"},
		{"POST", "/v1/workflows/greet/execute?"}, {"PUT", "/v1/workflows/archive?"}, {"PUT", "/v1/workflows/greet?"},
		{"GET", "/v1/workflows?"}, {"GET", "/v1/workflows/registrations?"}, {"GET", "/v2/workflows/greet/versions?"},
	}
	f.Fuzz(func(t *testing.T, body, query string) {
		// Keep the service open to the requests that follow.
		s.surf.maint.set("RUNNING")
		for _, rt := range routes {
			target := rt.path
			if strings.HasSuffix(target, "?") || strings.HasSuffix(target, "&") {
				target += escapeQuery(query)
			}
			r := s.call(rt.method, target, body, adminHdr, authHdr)
			if r.status >= 500 {
				t.Fatalf("%s %s %q: %d %s", rt.method, target, body, r.status, r.body)
			}
			if _, err := value.DecodeString(r.body); err != nil && r.status != 423 {
				t.Fatalf("%s %s %q: not JSON: %s", rt.method, target, body, r.body)
			}
		}
	})
}

// escapeQuery percent-encodes the bytes a request line cannot carry,
// leaving the rest of a raw query as it is.
func escapeQuery(q string) string {
	var b strings.Builder
	for i := 0; i < len(q); i++ {
		c := q[i]
		if c <= ' ' || c >= 0x7f || c == '#' || c == '%' {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
