package httpd

import (
	"fmt"
	"net/http/httptest"
	"strings"
	"testing"
)

// BenchmarkMaintenanceCheck measures what maintenance mode adds to every
// request while the service is RUNNING.
func BenchmarkMaintenanceCheck(b *testing.B) {
	s := newSurfServer(b, "")
	req := httptest.NewRequest("POST", "/v2/executions", nil)
	w := httptest.NewRecorder()
	b.ReportAllocs()
	for b.Loop() {
		if s.surf.maint.refuse(w, req) {
			b.Fatal("refused while RUNNING")
		}
	}
}

// BenchmarkV1ListWorkflows lists a page of 100 of 250 workflows.
func BenchmarkV1ListWorkflows(b *testing.B) {
	s := newSurfServer(b, "")
	var text strings.Builder
	text.WriteString("version: '2.0'\n")
	for i := 0; i < 250; i++ {
		fmt.Fprintf(&text, "wf_%03d:\n  tasks:\n    t:\n      action: std.noop\n", i)
	}
	s.must(b, 201, "POST", "/v2/workflows", text.String())
	b.ReportAllocs()
	for b.Loop() {
		if r := s.call("GET", "/v1/workflows?limit=100", "", authHdr); r.status != 200 {
			b.Fatal(r.body)
		}
	}
}

// BenchmarkHealth measures GET /health.
func BenchmarkHealth(b *testing.B) {
	s := newSurfServer(b, "")
	b.ReportAllocs()
	for b.Loop() {
		if r := s.call("GET", "/health", ""); r.status != 200 {
			b.Fatal(r.body)
		}
	}
}
