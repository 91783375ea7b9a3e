package httpd

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/mistral-go/mistral-go/storage"
)

const benchDefinition = "---\nversion: '2.0'\n\nwf:\n  input:\n    - name: world\n  tasks:\n    t1:\n      action: std.echo output=\"Hello\"\n      on-success: [t2]\n    t2:\n      action: std.noop\n"

// seed10k stores 10,000 workflows directly (parsing them through the
// API would only measure the parser) and returns their names.
func seed10k(b *testing.B, s *Server) []string {
	b.Helper()
	names := make([]string, 10000)
	for i := 0; i < len(names); i += 1000 {
		err := s.defs.DB.Update(func(w *storage.Write) error {
			for j := i; j < i+1000; j++ {
				names[j] = fmt.Sprintf("wf_%05d", j)
				wf := &storage.Workflow{
					ID: newID(), Name: names[j], Project: storage.DefaultProject, Scope: "private",
					Input: `name="world"`, Interface: `{"input": [{"name": "world"}], "output": []}`,
					Definition: benchDefinition, Tags: []string{}, CreatedAt: 1_795_000_000 + int64(j/10),
				}
				if err := s.defs.Workflows.Put(w, wf); err != nil {
					return err
				}
			}
			return nil
		}, s.defs.Workflows)
		if err != nil {
			b.Fatal(err)
		}
	}
	return names
}

func benchServe(b *testing.B, target string, want int) {
	s := newTestServer(b)
	seed10k(b, s)
	req := httptest.NewRequest("GET", target, nil)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		w := httptest.NewRecorder()
		s.ServeHTTP(w, req)
		if w.Code != want {
			b.Fatal(w.Code, w.Body.String())
		}
	}
}

// BenchmarkGetWorkflowByName10k is GET /v2/workflows/<name> in process.
func BenchmarkGetWorkflowByName10k(b *testing.B) { benchServe(b, "/v2/workflows/wf_05000", 200) }

// BenchmarkListWorkflowsPage10k is a 100-item page of the default order.
func BenchmarkListWorkflowsPage10k(b *testing.B) { benchServe(b, "/v2/workflows?limit=100", 200) }

// BenchmarkListWorkflowsSortedPage10k sorts by name (in memory).
func BenchmarkListWorkflowsSortedPage10k(b *testing.B) {
	benchServe(b, "/v2/workflows?limit=100&sort_keys=name&sort_dirs=desc", 200)
}

// BenchmarkListWorkflowsAll10k lists all 10,000 workflows (about 5 MB).
func BenchmarkListWorkflowsAll10k(b *testing.B) { benchServe(b, "/v2/workflows", 200) }

// BenchmarkGetWorkflowTCP10k is GET /v2/workflows/<name> over loopback
// TCP with a keep-alive client: what a client measures.
func BenchmarkGetWorkflowTCP10k(b *testing.B) {
	s := newTestServer(b)
	seed10k(b, s)
	ts := httptest.NewServer(s)
	defer ts.Close()
	client := ts.Client()
	url := ts.URL + "/v2/workflows/wf_05000"
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := client.Get(url)
		if err != nil {
			b.Fatal(err)
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			b.Fatal(res.StatusCode)
		}
	}
}
