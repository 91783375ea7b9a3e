package storage

import (
	"testing"
)

func fill10k(b *testing.B) (*Definitions, []*Workflow) {
	b.Helper()
	_, defs := openMem(b)
	all := make([]*Workflow, 10000)
	for i := range all {
		all[i] = newWF(i, int64(1_700_000_000+i/10))
		all[i].Definition = "---\nversion: '2.0'\n\nwf:\n  tasks:\n    t1:\n      action: std.echo output=\"Hello\"\n      on-success: [t2]\n    t2:\n      action: std.noop\n"
	}
	for i := 0; i < len(all); i += 1000 {
		if err := putWF(b, defs, all[i:i+1000]...); err != nil {
			b.Fatal(err)
		}
	}
	return defs, all
}

func BenchmarkGetWorkflow10k(b *testing.B) {
	defs, all := fill10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		if _, err := defs.Workflows.Get(all[i%len(all)].ID); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkFindWorkflowByName10k(b *testing.B) {
	defs, all := fill10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		wf := all[i%len(all)]
		if _, err := defs.FindWorkflow(DefaultProject, wf.Namespace, wf.Name); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkListWorkflowsPage10k reads a 100-item page in the middle of
// 10k workflows on the default order (created_at, id).
func BenchmarkListWorkflowsPage10k(b *testing.B) {
	defs, all := fill10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := defs.Workflows.List(Query{Limit: 100, Marker: all[5000].ID})
		if err != nil || len(res) != 100 {
			b.Fatal(err, len(res))
		}
	}
}

// BenchmarkListWorkflowsSortedPage10k sorts by name (in memory).
func BenchmarkListWorkflowsSortedPage10k(b *testing.B) {
	defs, _ := fill10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := defs.Workflows.List(Query{Limit: 100, Sort: []Order{{Field: "name", Desc: true}}})
		if err != nil || len(res) != 100 {
			b.Fatal(err)
		}
	}
}

func BenchmarkListWorkflowsAll10k(b *testing.B) {
	defs, _ := fill10k(b)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		res, err := defs.Workflows.List(Query{})
		if err != nil || len(res) != 10000 {
			b.Fatal(err)
		}
	}
}

func BenchmarkWorkflowCodec(b *testing.B) {
	wf := newWF(1, 1)
	wf.Definition = "---\nversion: '2.0'\n\nwf:\n  tasks:\n    t1:\n      action: std.noop\n"
	buf := (workflowCodec{}).Append(nil, wf)
	b.ReportAllocs()
	for b.Loop() {
		buf = (workflowCodec{}).Append(buf[:0], wf)
		var out Workflow
		if err := (workflowCodec{}).Decode(buf, &out); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkPutWorkflowSynced measures one synced single-record write on
// disk (fsync bound).
func BenchmarkPutWorkflowSynced(b *testing.B) {
	db, err := Open(Options{Dir: b.TempDir(), Quiet: true})
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	defs, _ := OpenDefinitions(db)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if err := putWF(b, defs, newWF(i, int64(i))); err != nil {
			b.Fatal(err)
		}
	}
}
