package storage

import (
	"errors"
	"fmt"
	"testing"
)

func memberIDs() func() string {
	n := 0
	return func() string { n++; return fmt.Sprintf("00000000-0000-4000-8000-%012d", n) }
}

// TestMembershipVisibility walks Mistral's sharing rules between two
// projects: pending and rejected memberships share nothing, an accepted
// one makes the workflow visible by id, by name and in lists.
func TestMembershipVisibility(t *testing.T) {
	_, defs := openMem(t)
	wf := newWF(1, 100)
	wf.Project = "p1"
	pub := newWF(2, 101)
	pub.Project, pub.Scope = "p1", "public"
	other := newWF(3, 102)
	other.Project = "p1"
	if err := putWF(t, defs, wf, pub, other); err != nil {
		t.Fatal(err)
	}
	ids := memberIDs()
	list := func(project string) []string {
		shared, err := defs.SharedIDs(project)
		if err != nil {
			t.Fatal(err)
		}
		recs, err := defs.Workflows.List(Query{Visible: &Visibility{Project: project, Shared: shared}})
		if err != nil {
			t.Fatal(err)
		}
		var names []string
		for _, r := range recs {
			names = append(names, r.Name)
		}
		return names
	}
	if got := fmt.Sprint(list("p2")); got != "[wf_00002]" {
		t.Fatalf("p2 sees %s before sharing", got)
	}
	if _, err := defs.FindWorkflow("p2", wf.Namespace, wf.ID); err == nil {
		t.Fatal("p2 found p1's private workflow by id")
	}
	// Only the owner shares, only a private workflow, once per member.
	if _, err := defs.AddMember("p2", wf.ID, "p3", 200, ids); err == nil {
		t.Fatal("p2 shared p1's workflow")
	}
	if _, err := defs.AddMember("p1", pub.ID, "p2", 200, ids); err == nil || err.Error() != "Only private resource could be shared." {
		t.Fatalf("sharing a public workflow: %v", err)
	}
	m, err := defs.AddMember("p1", wf.ID, "p2", 200, ids)
	if err != nil || m.Status != MemberPending || m.Project != "p1" {
		t.Fatalf("AddMember: %+v, %v", m, err)
	}
	var conflict *ConflictError
	if _, err := defs.AddMember("p1", wf.ID, "p2", 200, ids); !errors.As(err, &conflict) {
		t.Fatalf("duplicate member: %v", err)
	}
	if got := fmt.Sprint(list("p2")); got != "[wf_00002]" {
		t.Fatalf("p2 sees %s while pending", got)
	}
	// Only the member answers.
	if _, err := defs.UpdateMember("p1", wf.ID, "p2", MemberAccepted, 300); err == nil {
		t.Fatal("the owner accepted for the member")
	}
	if m, err := defs.UpdateMember("p2", wf.ID, "p2", MemberAccepted, 300); err != nil || m.Status != MemberAccepted || m.UpdatedAt != 300 {
		t.Fatalf("accept: %+v, %v", m, err)
	}
	if got := fmt.Sprint(list("p2")); got != "[wf_00001 wf_00002]" {
		t.Fatalf("p2 sees %s once accepted", got)
	}
	if got, err := defs.FindWorkflow("p2", wf.Namespace, wf.ID); err != nil || got.ID != wf.ID {
		t.Fatalf("p2 by id: %v", err)
	}
	if got, err := defs.FindWorkflow("p2", wf.Namespace, wf.Name); err != nil || got.ID != wf.ID {
		t.Fatalf("p2 by name: %v", err)
	}
	if _, err := defs.FindWorkflow("p3", wf.Namespace, wf.Name); err == nil {
		t.Fatal("p3 sees the workflow shared with p2")
	}
	// The owner sees every membership, a member its own, others none.
	if ms, _ := defs.MembersOf("p1", wf.ID); len(ms) != 1 {
		t.Fatalf("owner sees %d members", len(ms))
	}
	if ms, _ := defs.MembersOf("p3", wf.ID); len(ms) != 0 {
		t.Fatalf("p3 sees %d members", len(ms))
	}
	if _, err := defs.GetMember("p3", wf.ID, "p2"); err == nil {
		t.Fatal("p3 read p2's membership")
	}
	if _, err := defs.UpdateMember("p2", wf.ID, "p2", MemberRejected, 400); err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(list("p2")); got != "[wf_00002]" {
		t.Fatalf("p2 sees %s once rejected", got)
	}
	if err := defs.DeleteMember("p2", wf.ID, "p2"); err == nil {
		t.Fatal("the member deleted the membership")
	}
	if err := defs.DeleteMember("p1", wf.ID, "p2"); err != nil {
		t.Fatal(err)
	}
	if err := defs.DeleteMember("p1", wf.ID, "p2"); err == nil {
		t.Fatal("deleted twice")
	}
}

func TestTriggersBlockWorkflowDelete(t *testing.T) {
	db, defs := openMem(t)
	trg, err := OpenTriggers(db)
	if err != nil {
		t.Fatal(err)
	}
	wf := newWF(1, 100)
	if err := putWF(t, defs, wf); err != nil {
		t.Fatal(err)
	}
	if err := trg.CheckWorkflowDelete(wf, wf.Name, ""); err != nil {
		t.Fatalf("no triggers yet: %v", err)
	}
	ct := &CronTrigger{ID: "c1", Name: "t", Project: "p1", Scope: "private", Pattern: "* * * * *", NextExecutionTime: 200,
		WorkflowName: wf.Name, WorkflowID: wf.ID, WorkflowInput: []byte("{}"), WorkflowParams: []byte("{}"), CreatedAt: 100}
	if err := db.Update(func(w *Write) error { return trg.Cron.Put(w, ct) }, trg.Cron); err != nil {
		t.Fatal(err)
	}
	want := "Can't delete workflow that has cron triggers associated. [workflow_identifier=wf_00001, namespace=], [cron_trigger_id(s)=c1]"
	if err := trg.CheckWorkflowDelete(wf, wf.Name, ""); err == nil || err.Error() != want {
		t.Fatalf("got %v", err)
	}
	wf.Scope = "public"
	if err := trg.CheckWorkflowPrivate(wf, wf.ID, ""); err == nil {
		t.Fatal("trigger of another project did not block making the workflow private")
	}
	// The second unique constraint binds only with a count and a first
	// time, as SQL ignores NULLs.
	dup := *ct
	dup.ID, dup.Name = "c2", "t2"
	if err := db.Update(func(w *Write) error { return trg.Cron.Put(w, &dup) }, trg.Cron); err != nil {
		t.Fatalf("NULL count and time: %v", err)
	}
	a, b := dup, dup
	a.ID, a.Name, a.HasRemaining, a.RemainingExecutions, a.FirstExecutionTime = "c3", "t3", true, 1, 500
	b.ID, b.Name, b.HasRemaining, b.RemainingExecutions, b.FirstExecutionTime = "c4", "t4", true, 1, 500
	if err := db.Update(func(w *Write) error { return trg.Cron.Put(w, &a) }, trg.Cron); err != nil {
		t.Fatal(err)
	}
	err = db.Update(func(w *Write) error { return trg.Cron.Put(w, &b) }, trg.Cron)
	if err == nil || err.Error() != "Duplicate entry for cron trigger ['name', 'project_id']: t4, p1" {
		t.Fatalf("second constraint: %v", err)
	}
}

func TestSchedulingCodecsRoundTrip(t *testing.T) {
	ct := CronTrigger{ID: "i", Name: "n", Project: "p", Scope: "public", Pattern: "* * * * *", FirstExecutionTime: 5,
		NextExecutionTime: 6, RemainingExecutions: 3, HasRemaining: true, WorkflowName: "w", WorkflowID: "wid",
		WorkflowInput: []byte(`{"a": 1}`), WorkflowParams: []byte(`{}`), CreatedAt: 7, UpdatedAt: 8}
	var ct2 CronTrigger
	if err := (cronTriggerCodec{}).Decode(cronTriggerCodec{}.Append(nil, &ct), &ct2); err != nil || fmt.Sprint(ct) != fmt.Sprint(ct2) {
		t.Fatalf("cron trigger: %+v, %v", ct2, err)
	}
	et := EventTrigger{ID: "i", Name: "n", HasName: true, WorkflowID: "w", WorkflowInput: []byte(`{}`), WorkflowParams: []byte(`{"x": [1]}`),
		Exchange: "e", Topic: "t", Event: "ev", Scope: "private", Project: "p", CreatedAt: 1, UpdatedAt: 2}
	var et2 EventTrigger
	if err := (eventTriggerCodec{}).Decode(eventTriggerCodec{}.Append(nil, &et), &et2); err != nil || fmt.Sprint(et) != fmt.Sprint(et2) {
		t.Fatalf("event trigger: %+v, %v", et2, err)
	}
	cf := CronFiring{ExecutionID: "x", TriggerID: "t", TriggerName: "n", Project: "p", WorkflowID: "w", Input: []byte(`{}`),
		Params: []byte(`{}`), Description: "d", Due: 9, CreatedAt: 10}
	var cf2 CronFiring
	if err := (cronFiringCodec{}).Decode(cronFiringCodec{}.Append(nil, &cf), &cf2); err != nil || fmt.Sprint(cf) != fmt.Sprint(cf2) {
		t.Fatalf("firing: %+v, %v", cf2, err)
	}
	m := Member{ID: "i", ResourceID: "r", ResourceType: "workflow", Project: "p", MemberID: "m", Status: "accepted", CreatedAt: 1, UpdatedAt: 2}
	var m2 Member
	if err := (memberCodec{}).Decode(memberCodec{}.Append(nil, &m), &m2); err != nil || m != m2 {
		t.Fatalf("member: %+v, %v", m2, err)
	}
	if err := (memberCodec{}).Decode([]byte{9}, &m2); err == nil {
		t.Fatal("a bad version decoded")
	}
}
