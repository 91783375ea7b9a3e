package storage

import (
	"errors"
	"slices"
	"testing"
)

func openSurface(t testing.TB) (*Definitions, *Surface) {
	t.Helper()
	db, defs := openMem(t)
	s, err := OpenSurface(db)
	if err != nil {
		t.Fatal(err)
	}
	return defs, s
}

func TestCodeSourceAndDynamicActionRoundTrip(t *testing.T) {
	_, s := openSurface(t)
	cs := &CodeSource{ID: "c1", Name: "mod", Project: DefaultProject, Scope: "private", Content: "x = 1\n", Version: 3, CreatedAt: 10, UpdatedAt: 20}
	da := &DynamicAction{ID: "d1", Name: "act", Project: DefaultProject, Scope: "public", ClassName: "K", CodeSourceID: "c1",
		CodeSourceName: "mod", Input: `a, b="x"`, Description: "Doc.", HasDescription: true, Inspected: true, CreatedAt: 11}
	err := s.DB.Update(func(w *Write) error {
		if err := s.CodeSources.Put(w, cs); err != nil {
			return err
		}
		return s.DynamicActions.Put(w, da)
	}, s.CodeSources, s.DynamicActions)
	if err != nil {
		t.Fatal(err)
	}
	gotCS, err := s.FindCodeSource(nil, DefaultProject, "", "mod")
	if err != nil || gotCS.Content != "x = 1\n" || gotCS.Version != 3 || gotCS.UpdatedAt != 20 {
		t.Fatalf("code source by name: %+v %v", gotCS, err)
	}
	if _, err := s.FindCodeSource(nil, DefaultProject, "other", "mod"); err == nil ||
		err.Error() != "Code Source not found [name=mod,namespace=other]" {
		t.Fatalf("wrong namespace: %v", err)
	}
	gotDA, err := s.FindDynamicAction(nil, DefaultProject, "ns-ignored-for-ids", "d1")
	if err != nil || *gotDA != *da {
		t.Fatalf("dynamic action by id: %+v %v", gotDA, err)
	}
	var nf *NotFoundError
	if _, err := s.FindDynamicAction(nil, DefaultProject, "", "nope"); !errors.As(err, &nf) ||
		nf.Msg != "Dynamic Action not found [name=nope,namespace=]" {
		t.Fatalf("missing dynamic action: %v", err)
	}
	dup := *da
	dup.ID = "d2"
	err = s.DB.Update(func(w *Write) error { return s.DynamicActions.Put(w, &dup) }, s.DynamicActions)
	var cf *ConflictError
	if !errors.As(err, &cf) || cf.Msg != "Duplicate entry for dynamic action definition [name=act, namespace=, project_id=None]" {
		t.Fatalf("duplicate: %v", err)
	}
	var byCS []string
	if err := s.DynamicActions.Scan(IndexCodeSource, "c1", func(r *DynamicAction) bool { byCS = append(byCS, r.ID); return true }); err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(byCS, []string{"d1"}) {
		t.Fatalf("index on code source: %v", byCS)
	}
}

func TestRecordVersion(t *testing.T) {
	defs, s := openSurface(t)
	wf := newWF(1, 100)
	record := func(now int64) *Registration {
		t.Helper()
		var reg *Registration
		err := defs.DB.Update(func(w *Write) error {
			if err := defs.Workflows.Put(w, wf); err != nil {
				return err
			}
			var err error
			reg, err = s.RecordVersion(w, wf, now)
			return err
		}, defs.Workflows)
		if err != nil {
			t.Fatal(err)
		}
		return reg
	}
	r1 := record(100)
	if r1.Version != 1 || r1.WorkflowID != wf.ID || r1.Definition != wf.Definition || len(r1.ID) != 36 || r1.ID[14] != '7' {
		t.Fatalf("first version: %+v", r1)
	}
	if again := record(101); again.ID != r1.ID {
		t.Fatalf("an unchanged definition recorded a new version: %+v", again)
	}
	wf.Definition = "version: '2.0'\n# changed\n"
	r2 := record(102)
	if r2.Version != 2 || r2.ID == r1.ID || r2.Definition != wf.Definition {
		t.Fatalf("second version: %+v", r2)
	}
	vs, err := s.Versions(wf.ID)
	if err != nil || len(vs) != 2 || vs[0].ID != r1.ID || vs[1].ID != r2.ID || vs[0].Definition != "version: '2.0'\n" {
		t.Fatalf("versions: %v %v", vs, err)
	}
	err = defs.DB.Update(func(w *Write) error {
		if err := s.WorkflowMeta.Put(w, &WorkflowMeta{ID: wf.ID, Archived: true, CreatedAt: 1}); err != nil {
			return err
		}
		return s.DeleteVersions(w, wf.ID)
	})
	if err != nil {
		t.Fatal(err)
	}
	if vs, _ := s.Versions(wf.ID); len(vs) != 0 {
		t.Fatalf("versions left after delete: %v", vs)
	}
	if m, err := s.Meta(wf.ID); err != nil || m.Archived {
		t.Fatalf("meta left after delete: %+v %v", m, err)
	}
}

func TestMaintenanceState(t *testing.T) {
	_, s := openSurface(t)
	m, err := s.LoadMaintenance()
	if err != nil || m.State != MaintenanceRunning || len(m.Paused) != 0 {
		t.Fatalf("default: %+v %v", m, err)
	}
	m.State, m.Paused = MaintenancePausing, []string{"a", "b"}
	if err := s.SaveMaintenance(m); err != nil {
		t.Fatal(err)
	}
	got, err := s.LoadMaintenance()
	if err != nil || got.State != MaintenancePausing || !slices.Equal(got.Paused, []string{"a", "b"}) {
		t.Fatalf("reloaded: %+v %v", got, err)
	}
}
