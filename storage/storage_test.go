package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

func openMem(t testing.TB) (*DB, *Definitions) {
	t.Helper()
	db, err := Open(Options{Dir: "mem", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	defs, err := OpenDefinitions(db)
	if err != nil {
		t.Fatal(err)
	}
	return db, defs
}

func newWF(i int, created int64) *Workflow {
	return &Workflow{
		ID:         fmt.Sprintf("%08x-0000-4000-8000-%012x", rand.Uint32(), i),
		Name:       fmt.Sprintf("wf_%05d", i),
		Namespace:  []string{"", "ns1", "ns2"}[i%3],
		Project:    DefaultProject,
		Scope:      "private",
		Interface:  `{"input": [], "output": []}`,
		Definition: "version: '2.0'\n",
		Tags:       [][]string{{}, {"a"}, {"a", "b"}}[i%3],
		CreatedAt:  created,
	}
}

func putWF(t testing.TB, defs *Definitions, wfs ...*Workflow) error {
	t.Helper()
	return defs.DB.Update(func(w *Write) error {
		for _, wf := range wfs {
			if err := defs.Workflows.Put(w, wf); err != nil {
				return err
			}
		}
		return nil
	}, defs.Workflows)
}

func TestPutGetDeleteAndUnique(t *testing.T) {
	_, defs := openMem(t)
	a := newWF(1, 100)
	if err := putWF(t, defs, a); err != nil {
		t.Fatal(err)
	}
	got, err := defs.Workflows.Get(a.ID)
	if err != nil || got.Name != a.Name || got.Namespace != "ns1" || !slices.Equal(got.Tags, []string{"a"}) || got.CreatedAt != 100 {
		t.Fatalf("get: %+v %v", got, err)
	}
	// Same name and namespace, other id: conflict, and nothing of the
	// batch is written (b is valid but shares the failing batch).
	dup := newWF(1, 101)
	b := newWF(2, 101)
	err = putWF(t, defs, b, dup)
	var ce *ConflictError
	if !errors.As(err, &ce) || ce.Msg != "Duplicate entry for WorkflowDefinition ['name', 'namespace', 'project_id']: wf_00001, ns1, None" {
		t.Fatalf("want conflict, got %v", err)
	}
	if _, err := defs.Workflows.Get(b.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("partial write: %v", err)
	}
	// Renaming frees the old unique key.
	a2 := *a
	a2.Name = "renamed"
	if err := putWF(t, defs, &a2); err != nil {
		t.Fatal(err)
	}
	if _, err := defs.FindWorkflow(DefaultProject, "ns1", "wf_00001"); err == nil {
		t.Fatal("old name still found")
	}
	if wf, err := defs.FindWorkflow(DefaultProject, "ns1", "renamed"); err != nil || wf.ID != a.ID {
		t.Fatalf("find renamed: %v", err)
	}
	if wf, err := defs.FindWorkflow(DefaultProject, "other", a.ID); err != nil || wf.ID != a.ID {
		t.Fatalf("find by id: %v", err)
	}
	_, err = defs.FindWorkflow(DefaultProject, "", "nope")
	var nf *NotFoundError
	if !errors.As(err, &nf) || nf.Msg != "Workflow not found [workflow_identifier=nope, namespace=]" {
		t.Fatalf("not found: %v", err)
	}
	if err := putWF(t, defs, dup); err != nil {
		t.Fatalf("name free again: %v", err)
	}
	err = defs.DB.Update(func(w *Write) error { return defs.Workflows.Delete(w, a.ID) }, defs.Workflows)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := defs.Workflows.Get(a.ID); !errors.Is(err, ErrNotFound) {
		t.Fatal("deleted record still there")
	}
	all, _ := defs.Workflows.List(Query{})
	if len(all) != 1 || all[0].ID != dup.ID {
		t.Fatalf("after delete: %d records", len(all))
	}
	err = defs.DB.Update(func(w *Write) error { return defs.Workflows.Delete(w, a.ID) }, defs.Workflows)
	if !errors.Is(err, ErrNotFound) {
		t.Fatalf("delete twice: %v", err)
	}
}

func TestWriteWithoutLockRefused(t *testing.T) {
	db, defs := openMem(t)
	err := db.Update(func(w *Write) error { return defs.Workflows.Put(w, newWF(1, 1)) })
	if !errors.Is(err, errNotLocked) {
		t.Fatalf("got %v", err)
	}
}

func TestConcurrentUniqueInsert(t *testing.T) {
	_, defs := openMem(t)
	var wg sync.WaitGroup
	var mu sync.Mutex
	wins := 0
	for i := 0; i < 16; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			wf := newWF(7, int64(i))
			if putWF(t, defs, wf) == nil {
				mu.Lock()
				wins++
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	if wins != 1 {
		t.Fatalf("%d inserts of one name succeeded", wins)
	}
}

func TestReopenKeepsRecords(t *testing.T) {
	dir := t.TempDir()
	db, err := Open(Options{Dir: dir, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	defs, _ := OpenDefinitions(db)
	wf := newWF(3, 42)
	if err := putWF(t, defs, wf); err != nil {
		t.Fatal(err)
	}
	created := db.Created()
	db.Close()
	db, err = Open(Options{Dir: dir, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	defs, _ = OpenDefinitions(db)
	got, err := defs.Workflows.Get(wf.ID)
	if err != nil || got.Name != wf.Name || db.Created() != created {
		t.Fatalf("after reopen: %+v %v", got, err)
	}
}

func TestCodecsRoundTrip(t *testing.T) {
	a := Action{ID: "i", Name: "n", Namespace: "ns", Project: "p", Scope: "public", Workbook: "wb",
		Input: "", HasInput: true, Description: "", HasDescription: false, Tags: nil, Definition: "d", CreatedAt: -5, UpdatedAt: 9}
	var a2 Action
	if err := (actionCodec{}).Decode((actionCodec{}).Append(nil, &a), &a2); err != nil || fmt.Sprint(a) != fmt.Sprint(a2) {
		t.Fatalf("action: %+v %v", a2, err)
	}
	e := Environment{ID: "i", Name: "n", Variables: []byte(`{"a": 1}`), HasDescription: true, Description: "x"}
	var e2 Environment
	if err := (environmentCodec{}).Decode((environmentCodec{}).Append(nil, &e), &e2); err != nil || fmt.Sprint(e) != fmt.Sprint(e2) {
		t.Fatalf("env: %+v %v", e2, err)
	}
	wb := Workbook{ID: "i", Tags: []string{"x", ""}}
	var wb2 Workbook
	if err := (workbookCodec{}).Decode((workbookCodec{}).Append(nil, &wb), &wb2); err != nil || fmt.Sprint(wb) != fmt.Sprint(wb2) {
		t.Fatalf("wb: %+v %v", wb2, err)
	}
	// Truncated input is an error, never a panic.
	full := (workflowCodec{}).Append(nil, newWF(1, 1))
	for n := 0; n < len(full); n++ {
		var w Workflow
		if err := (workflowCodec{}).Decode(full[:n], &w); err == nil {
			t.Fatalf("truncated at %d decoded", n)
		}
	}
}

func TestFormatAndParseTime(t *testing.T) {
	if s := FormatTime(1795456968); s != "2026-11-23 18:02:48" {
		t.Fatalf("format: %s", s)
	}
	for in, want := range map[string]int64{
		"2026-11-23 18:02:48":       1795456968,
		"2026-11-23T18:02:48":       1795456968,
		"2026-11-23T18:02:48.5":     1795456968,
		"2026-11-23T19:02:48+01:00": 1795456968,
		"2026-11-23":                1795392000,
	} {
		if got, ok := ParseTime(in); !ok || got != want {
			t.Errorf("ParseTime(%q) = %d %v", in, got, ok)
		}
	}
	if _, ok := ParseTime("xyz"); ok {
		t.Error("xyz parsed")
	}
}

func TestKeyOfOrdersLikeTuples(t *testing.T) {
	k := [][]byte{KeyOf("a", "b"), KeyOf("a\x00", ""), KeyOf("ab", ""), KeyOf("a", "")}
	if string(k[3]) >= string(k[0]) || string(k[0]) >= string(k[1]) || string(k[1]) >= string(k[2]) {
		t.Fatalf("bad order: %q", k)
	}
}
