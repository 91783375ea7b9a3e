package httpd

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers"
)

// sampleNow is when the captured samples 82-85 were taken.
var sampleNow = time.Date(2026, 11, 23, 18, 2, 48, 0, time.UTC)

// newTriggerServer is a runtime server with the trigger service over the
// same database, its clock stopped at sampleNow.
func newTriggerServer(t testing.TB) *runtimeServer {
	t.Helper()
	db, err := storage.Open(storage.Options{Dir: "mem", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	defs, err := storage.OpenDefinitions(db)
	if err != nil {
		t.Fatal(err)
	}
	rt, err := storage.OpenRuntime(db)
	if err != nil {
		t.Fatal(err)
	}
	store, err := storage.OpenTriggers(db)
	if err != nil {
		t.Fatal(err)
	}
	eng := &fakeEngine{rt: rt}
	trg, err := triggers.New(triggers.Config{Defs: defs, Store: store, Engine: eng,
		Now: func() time.Time { return sampleNow }, NewID: eng.newID})
	if err != nil {
		t.Fatal(err)
	}
	s, err := New(defs, Config{Node: cluster.NewNode("testhost_1"), Runtime: rt, Engine: eng, Triggers: trg})
	if err != nil {
		t.Fatal(err)
	}
	return &runtimeServer{Server: s, eng: eng, rt: rt}
}

const sampleWF = "---\nversion: '2.0'\nsample_wf:\n  input:\n    - name\n  tasks:\n    t1:\n      action: std.echo output=<% $.name %>\n"

// TestCronTriggerSamples replays samples 82-85: create, list, get and
// delete, byte for byte but for the ids.
func TestCronTriggerSamples(t *testing.T) {
	s := newTriggerServer(t)
	s.must(t, 201, "POST", "/v2/workflows", sampleWF, "Content-Type: text/plain")
	mask := func(b string) string { return uuidRE.ReplaceAllString(b, "<id>") }
	body := `{"name": "sample_cron", "workflow_name": "sample_wf", "workflow_input": "{\"name\": \"cron\"}", "pattern": "0 0 1 1 *", "remaining_executions": 1}`
	for _, c := range []struct{ method, path, body, sample string }{
		{"POST", "/v2/cron_triggers", body, "82"},
		{"GET", "/v2/cron_triggers", "", "83"},
		{"GET", "/v2/cron_triggers/sample_cron", "", "84"},
	} {
		got := s.serve(c.method, c.path, c.body)
		if want := mask(sampleBody(t, c.sample)); mask(got.body) != want {
			t.Errorf("%s %s: %d\n got %s\nwant %s", c.method, c.path, got.status, mask(got.body), want)
		}
	}
	s.must(t, 204, "DELETE", "/v2/cron_triggers/sample_cron", "")
	s.must(t, 404, "GET", "/v2/cron_triggers/sample_cron", "")
	if got, want := s.serve("GET", "/v2/event_triggers", "").body, sampleBody(t, "89"); got != want {
		t.Errorf("event triggers: %s, want %s", got, want)
	}
}

func TestCronTriggerErrors(t *testing.T) {
	s := newTriggerServer(t)
	s.must(t, 201, "POST", "/v2/workflows", sampleWF, "Content-Type: text/plain")
	fault := func(m string) string { return `{"faultcode": "Client", "faultstring": "` + m + `", "debuginfo": null}` }
	base := `"name": "c", "workflow_name": "sample_wf", "workflow_input": {"name": "x"}, "pattern": "0 0 1 1 *"`
	cases := []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "/v2/cron_triggers", `{` + base + `, "foo": 1}`, 400, fault("Unknown attribute for argument cron_trigger: foo")},
		{"POST", "/v2/cron_triggers", `{` + base + `, "remaining_executions": 0}`, 400,
			fault("Invalid input for field/attribute remaining_executions. Value: '0'. Value should be greater or equal to 1")},
		{"POST", "/v2/cron_triggers", `{"name": "c", "remaining_executions": "abc"}`, 400,
			fault("Invalid input for field/attribute cron_trigger. Value: '{'name': 'c', 'remaining_executions': 'abc'}'. invalid literal for int() with base 10: 'abc'")},
		{"POST", "/v2/cron_triggers", `{"name": "c", "remaining_executions": [1]}`, 400,
			fault("Invalid input for field/attribute cron_trigger. Value: '{'name': 'c', 'remaining_executions': [1]}'. int() argument must be a string, a bytes-like object or a real number, not 'list'")},
		{"POST", "/v2/cron_triggers", `{"name": "c", "workflow_input": [1], "pattern": "* * * * *"}`, 400,
			fault("Invalid input for field/attribute cron_trigger. Value: '{'name': 'c', 'workflow_input': [1], 'pattern': '* * * * *'}'. the JSON object must be str, bytes or bytearray, not list")},
		{"POST", "/v2/cron_triggers", `{` + base + `, "scope": "public"}`, 403, fault("Operation forbidden (insufficient permissions)")},
		{"POST", "/v2/cron_triggers", `{"workflow_name": "sample_wf", "pattern": "* * * * *"}`, 400,
			fault("Invalid input for field/attribute name. Value: 'Unset'. Mandatory field missing.")},
		{"POST", "/v2/cron_triggers", `{"name": "c", "workflow_name": "sample_wf", "workflow_input": {"name": "x"}}`, 400,
			fault("Pattern or first_execution_time must be specified.")},
		{"GET", "/v2/cron_triggers/c?fields=name", "", 400, fault(`Unknown argument: \"fields\"`)},
		{"GET", "/v2/cron_triggers?remaining_executions=x", "", 400,
			fault("Invalid input for field/attribute remaining_executions. Value: 'x'. unable to convert to integer. Error: invalid literal for int() with base 10: 'x'")},
		{"GET", "/v2/cron_triggers?project_id=x", "", 400,
			fault("Invalid input for field/attribute project_id. Value: 'x'. unable to convert to uuid. Error: Expected a uuid but received x.")},
		{"GET", "/v2/cron_triggers?all_projects=true", "", 403, fault("Operation forbidden (insufficient permissions)")},
		{"GET", "/v2/cron_triggers/nosuch", "", 404, fault("Cron trigger not found [identifier=nosuch]")},
		{"DELETE", "/v2/cron_triggers", "", 400, fault(`Missing argument: \"identifier\"`)},
	}
	for _, c := range cases {
		got := s.serve(c.method, c.path, c.body)
		if got.status != c.status || got.body != c.want {
			t.Errorf("%s %s %s:\n got %d %s\nwant %d %s", c.method, c.path, c.body, got.status, got.body, c.status, c.want)
		}
	}
	// Created with a count given as text, found by filters.
	s.must(t, 201, "POST", "/v2/cron_triggers", `{`+base+`, "remaining_executions": "5"}`)
	if got := s.must(t, 200, "GET", "/v2/cron_triggers?remaining_executions=5&fields=name,pattern", ""); got !=
		`{"cron_triggers": [{"id": "00000000-0000-4000-8000-000000000001", "name": "c", "pattern": "0 0 1 1 *"}]}` {
		t.Errorf("filtered list: %s", got)
	}
	if got := s.must(t, 200, "GET", "/v2/cron_triggers?remaining_executions=0", ""); got != `{"cron_triggers": []}` {
		t.Errorf("remaining_executions=0: %s", got)
	}
	// A workflow that a trigger uses stays.
	del := s.serve("DELETE", "/v2/workflows/sample_wf", "")
	if del.status != 400 || !strings.Contains(del.body, "Can't delete workflow that has cron triggers associated. [workflow_identifier=sample_wf, namespace=], [cron_trigger_id(s)=00000000-0000-4000-8000-000000000001]") {
		t.Errorf("workflow delete: %d %s", del.status, del.body)
	}
	s.must(t, 204, "DELETE", "/v2/cron_triggers/00000000-0000-4000-8000-000000000001", "")
	s.must(t, 204, "DELETE", "/v2/workflows/sample_wf", "")
}

func TestEventTriggerAPI(t *testing.T) {
	s := newTriggerServer(t)
	wf := s.must(t, 201, "POST", "/v2/workflows", sampleWF, "Content-Type: text/plain")
	wfID := uuidRE.FindString(wf)
	fault := func(m string) string { return `{"faultcode": "Client", "faultstring": "` + m + `", "debuginfo": null}` }
	body := `{"name": "e1", "workflow_id": "` + wfID + `", "workflow_input": {"name": "ev"}, "workflow_params": {"env": {"k": 1}}, "exchange": "nova", "topic": "notifications", "event": "compute.instance.create.end"}`
	created := s.must(t, 201, "POST", "/v2/event_triggers", body)
	want := `{"id": "<id>", "created_at": "2026-11-23 18:02:48", "updated_at": null, "project_id": "<default-project>", "name": "e1", "workflow_id": "<id>", "workflow_input": "{\"name\": \"ev\"}", "workflow_params": "{\"env\": {\"k\": 1}}", "exchange": "nova", "topic": "notifications", "event": "compute.instance.create.end", "scope": "private"}`
	if got := uuidRE.ReplaceAllString(created, "<id>"); got != want {
		t.Errorf("created %s", got)
	}
	id := uuidRE.FindString(created)
	for _, c := range []struct {
		method, path, body string
		status             int
		want               string
	}{
		{"POST", "/v2/event_triggers", `{"name": "x", "workflow_id": "` + wfID + `", "exchange": "nova"}`, 400,
			fault("Params {'topic', 'exchange', 'workflow_id', 'event'} must be provided for creating event trigger.")},
		{"POST", "/v2/event_triggers", `{"workflow_id": "sample_wf", "exchange": "a", "topic": "b", "event": "c"}`, 400, fault("Expected a uuid but received sample_wf.")},
		{"POST", "/v2/event_triggers", body, 409, fault("Duplicate entry for EventTrigger ['exchange', 'topic', 'event', 'workflow_id', 'project_id']: nova, notifications, compute.instance.create.end, " + wfID + ", None")},
		{"GET", "/v2/event_triggers/nosuch", "", 400, fault("Invalid input for field/attribute id. Value: 'nosuch'. unable to convert to uuid. Error: Expected a uuid but received nosuch.")},
		{"GET", "/v2/event_triggers/a34dfadd-f3c5-4b74-866e-5e5012e7bd60", "", 404, fault("Event trigger not found [id=a34dfadd-f3c5-4b74-866e-5e5012e7bd60].")},
		{"PUT", "/v2/event_triggers/" + id, `{"topic": "x"}`, 400, fault("Can not update fields ['exchange', 'topic', 'event'] of event trigger.")},
		{"DELETE", "/v2/event_triggers", "", 400, fault(`Missing argument: \"id\"`)},
		{"GET", "/v2/event_triggers/" + id, "", 404, fault("Event trigger not found [id=" + id + "].")},
	} {
		headers := []string{}
		if c.method == "GET" && c.status == 404 && strings.Contains(c.path, id) {
			headers = append(headers, "X-Project-Id: other")
		}
		got := s.serve(c.method, c.path, c.body, headers...)
		if got.status != c.status || got.body != c.want {
			t.Errorf("%s %s:\n got %d %s\nwant %d %s", c.method, c.path, got.status, got.body, c.status, c.want)
		}
	}
	up := s.must(t, 200, "PUT", "/v2/event_triggers/"+id, `{"name": "e1b", "workflow_params": {"p": 1}}`)
	if !strings.Contains(up, `"updated_at": "2026-11-23 18:02:48"`) || !strings.Contains(up, `"name": "e1b"`) || !strings.Contains(up, `"workflow_params": "{\"p\": 1}"`) {
		t.Errorf("updated %s", up)
	}
	if got := s.must(t, 200, "GET", "/v2/event_triggers?exchange=nova&fields=event", ""); got != `{"event_triggers": [{"id": "`+id+`", "event": "compute.instance.create.end"}]}` {
		t.Errorf("filtered list %s", got)
	}
	// A notification fires the trigger.
	note := `{"event_type": "compute.instance.create.end", "publisher_id": "compute.host1", "payload": {"id": 1}, "timestamp": "2026-11-23 18:02:50", "_context_user_id": "u1"}`
	r := s.must(t, 200, "POST", "/v2/event_triggers/events?exchange=nova&topic=notifications", note)
	if !strings.HasPrefix(r, `{"event_type": "compute.instance.create.end", "executions": [{"trigger_id": "`+id+`", "execution_id": "`) {
		t.Errorf("delivery: %s", r)
	}
	call := s.eng.lastCall()
	if !strings.Contains(call, `params={"p": 1, "event_params": {"service": "compute.host1", "project_id": null, "user_id": "u1", "timestamp": "2026-11-23 18:02:50"}}`) ||
		!strings.Contains(call, `input={"name": "ev"}`) || !strings.Contains(call, "created by event trigger") {
		t.Errorf("engine call: %s", call)
	}
	if got := s.must(t, 200, "POST", "/v2/event_triggers/events?exchange=glance&topic=notifications", note); got != `{"event_type": "compute.instance.create.end", "executions": []}` {
		t.Errorf("other exchange: %s", got)
	}
	if got := s.serve("POST", "/v2/event_triggers/events?exchange=nova", note); got.status != 400 {
		t.Errorf("no topic: %d %s", got.status, got.body)
	}
	if got := s.serve("POST", "/v2/event_triggers/events?exchange=nova&topic=n", `{"payload": 1}`); got.status != 400 {
		t.Errorf("no event_type: %d %s", got.status, got.body)
	}
	del := s.serve("DELETE", "/v2/workflows/"+wfID, "")
	if del.status != 400 || !strings.Contains(del.body, "Can't delete workflow that has event triggers associated.") {
		t.Errorf("workflow delete: %d %s", del.status, del.body)
	}
	s.must(t, 204, "DELETE", "/v2/event_triggers/"+id, "")
}

// TestTwoProjects: what projects p1 and p2 see of each other's
// workflows, executions and triggers, before and after sharing, as
// Mistral's rules say.
func TestTwoProjects(t *testing.T) {
	s := newTriggerServer(t)
	p1, p2 := "X-Project-Id: p1", "X-Project-Id: p2"
	wf := s.must(t, 201, "POST", "/v2/workflows", sampleWF, "Content-Type: text/plain", p1)
	id := uuidRE.FindString(wf)
	if !strings.Contains(wf, `"project_id": "p1"`) {
		t.Fatalf("created %s", wf)
	}
	names := func(h string) string {
		b := s.must(t, 200, "GET", "/v2/workflows?fields=name", "", h)
		return uuidRE.ReplaceAllString(b, "<id>")
	}
	if got := names(p2); got != `{"workflows": []}` {
		t.Errorf("p2 lists %s", got)
	}
	s.must(t, 404, "GET", "/v2/workflows/"+id, "", p2)
	s.must(t, 404, "GET", "/v2/workflows/sample_wf", "", p2)
	// Sharing: the owner adds p2, which sees nothing until it accepts.
	fault := func(m string) string { return `{"faultcode": "Client", "faultstring": "` + m + `", "debuginfo": null}` }
	if got := s.serve("POST", "/v2/workflows/sample_wf/members", `{"member_id": "p2"}`, p1); got.status != 400 ||
		got.body != fault("Only support UUID as resource identifier in resource sharing feature.") {
		t.Errorf("by name: %d %s", got.status, got.body)
	}
	if got := s.serve("POST", "/v2/workflows/"+id+"/members", `{}`, p1); got.status != 400 || got.body != fault("Member id must be provided.") {
		t.Errorf("no member id: %d %s", got.status, got.body)
	}
	m := s.must(t, 201, "POST", "/v2/workflows/"+id+"/members", `{"member_id": "p2"}`, p1)
	want := `{"id": "<id>", "resource_id": "<id>", "resource_type": "workflow", "project_id": "p1", "member_id": "p2", "status": "pending", "created_at": "<t>"}`
	if got := regexp.MustCompile(`\d{4}-\d\d-\d\d \d\d:\d\d:\d\d`).ReplaceAllString(uuidRE.ReplaceAllString(m, "<id>"), "<t>"); got != want {
		t.Errorf("member %s", got)
	}
	s.must(t, 409, "POST", "/v2/workflows/"+id+"/members", `{"member_id": "p2"}`, p1)
	s.must(t, 404, "GET", "/v2/workflows/"+id, "", p2)
	s.must(t, 404, "PUT", "/v2/workflows/"+id+"/members/p2", `{"status": "accepted"}`, p1)
	s.must(t, 400, "PUT", "/v2/workflows/"+id+"/members/p2", `{"status": "maybe"}`, p2)
	s.must(t, 200, "PUT", "/v2/workflows/"+id+"/members/p2", `{"status": "accepted"}`, p2)
	// The CLI's member-update without a member id means the caller.
	if got := s.must(t, 200, "PUT", "/v2/workflows/"+id+"/members/", `{"status": "accepted"}`, p2); !strings.Contains(got, `"member_id": "p2"`) {
		t.Errorf("update without member id: %s", got)
	}
	if got := names(p2); got != `{"workflows": [{"id": "<id>", "name": "sample_wf"}]}` {
		t.Errorf("p2 lists %s once accepted", got)
	}
	s.must(t, 200, "GET", "/v2/workflows/"+id, "", p2)
	s.must(t, 200, "GET", "/v2/workflows/sample_wf", "", p2)
	// p2 may use it but not change it.
	if got := s.serve("DELETE", "/v2/workflows/"+id, "", p2); got.status != 403 ||
		got.body != fault("Can not access WorkflowDefinition resource of other projects, ID: "+id) {
		t.Errorf("p2 deletes: %d %s", got.status, got.body)
	}
	ct := s.must(t, 201, "POST", "/v2/cron_triggers", `{"name": "mine", "workflow_id": "`+id+`", "workflow_input": {"name": "x"}, "pattern": "0 0 1 1 *"}`, p2)
	if !strings.Contains(ct, `"project_id": "p2"`) {
		t.Errorf("p2's trigger %s", ct)
	}
	if got := s.must(t, 200, "GET", "/v2/cron_triggers?fields=name", "", p1); got != `{"cron_triggers": []}` {
		t.Errorf("p1 sees p2's trigger: %s", got)
	}
	s.must(t, 404, "GET", "/v2/cron_triggers/mine", "", p1)
	// Memberships: the owner sees all, the member its own, others none.
	if got := s.must(t, 200, "GET", "/v2/workflows/"+id+"/members", "", "X-Project-Id: p3"); got != `{"members": []}` {
		t.Errorf("p3 sees %s", got)
	}
	if got := s.must(t, 200, "GET", "/v2/workflows/"+id+"/members", "", p2); !strings.Contains(got, `"status": "accepted"`) {
		t.Errorf("p2 sees %s", got)
	}
	s.must(t, 200, "GET", "/v2/workflows/"+id+"/members/p2", "", p1)
	s.must(t, 404, "GET", "/v2/workflows/"+id+"/members/p2", "", "X-Project-Id: p3")
	s.must(t, 404, "DELETE", "/v2/workflows/"+id+"/members/p2", "", p2)
	s.must(t, 400, "DELETE", "/v2/workflows/"+id+"/members", "", p1)
	s.must(t, 204, "DELETE", "/v2/workflows/"+id+"/members/p2", "", p1)
	s.must(t, 404, "GET", "/v2/workflows/"+id, "", p2)
	s.must(t, 404, "GET", "/v2/workflows/"+id+"/nosuch/p2", "", p1)
	// Executions are their project's.
	ex := s.must(t, 201, "POST", "/v2/executions", `{"workflow_name": "sample_wf", "input": {"name": "x"}}`, p1)
	exID := uuidRE.FindString(ex)
	s.must(t, 200, "GET", "/v2/executions/"+exID, "", p1)
	s.must(t, 404, "GET", "/v2/executions/"+exID, "", p2)
	s.must(t, 200, "GET", "/v2/executions/"+exID, "", p2, "X-Roles: admin")
	if got := s.must(t, 200, "GET", "/v2/executions?fields=state", "", p2); got != `{"executions": []}` {
		t.Errorf("p2 lists %s", got)
	}
	if got := s.must(t, 200, "GET", "/v2/executions?fields=state&all_projects=true", "", p2, "X-Roles: admin"); !strings.Contains(got, exID) {
		t.Errorf("admin with all_projects lists %s", got)
	}
	// Deleting the workflow takes its memberships along.
	s.must(t, 201, "POST", "/v2/workflows/"+id+"/members", `{"member_id": "p4"}`, p1)
	s.must(t, 204, "DELETE", "/v2/cron_triggers/mine", "", p2)
	s.must(t, 204, "DELETE", "/v2/workflows/"+id, "", p1)
	n := 0
	_ = s.defs.Members.ScanAll(func(*storage.Member) bool { n++; return true })
	if n != 0 {
		t.Errorf("%d memberships outlived their workflow", n)
	}
}
