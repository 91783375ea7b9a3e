package e2e

import (
	"bytes"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// samplesDir holds the captured Mistral 15 responses.
var samplesDir = filepath.Join("..", "..", "shared", "reference", "mistral-15-samples")

// step is a request capture_samples.py made without saving it; replaying
// it keeps our state in step with the oracle's. A body "@NN" is the
// request body of sample NN.
type step struct {
	method, path, body string
}

// sampleCase says how one captured sample is replayed.
type sampleCase struct {
	// later names the issue that brings the resource (the sample is
	// skipped until then).
	later string
	// status is our status where it deliberately differs from Mistral's
	// (0: the same).
	status int
	// noShape skips the body comparison (the answers deliberately
	// differ; why is in the comment of the entry).
	noShape bool
	// allow lists JSON paths whose format deliberately differs.
	allow []string
	// exact requires the same body, byte for byte, once our port and ids
	// are replaced by the oracle's.
	exact bool
	// before are hidden steps to run first.
	before []step
	// next replaces the sample's path by the "next" link of our previous
	// answer: the sample followed the oracle's own link, whose order of
	// equal timestamps depends on its ids.
	next bool
	// engine marks the samples of executions, tasks and action
	// executions: skipped while mistrald runs no engine.
	engine bool
	// starts are executions capture_samples.py started without saving
	// the answer: each is started before the sample, waited for, and its
	// id paired with the oracle's.
	starts []hiddenStart
	// wait is a path (with the oracle's ids) polled until its resource
	// is in a final state before the sample is replayed, as
	// capture_samples.py waited.
	wait string
}

// hiddenStart is an execution started by a hidden step: the request
// body and the oracle's id of the execution it started.
type hiddenStart struct{ body, as string }

// sameSecond are the JSON-in-string contents of list items whose order
// among equal timestamps is random.
var sameSecond = []string{"tasks[].published<json>", "tasks[].runtime_context<json>", "action_executions[].input<json>"}

const wfAsync = "---\nversion: '2.0'\nsample_wf_async:\n  tasks:\n    hang:\n      action: std.async_noop\n"

const wfDel = "---\nversion: '2.0'\nsample_wf_del:\n  tasks:\n    only:\n      action: std.noop\n"

// sampleCases covers every captured sample, by file number. Samples of
// resources that later issues bring are listed with the issue, so the
// table grows with the service.
var sampleCases = map[string]sampleCase{
	"01": {exact: true}, "02": {exact: true}, "03": {exact: true}, "04": {exact: true},
	"05": {}, "06": {}, "07": {},
	"08": {exact: true, before: []step{{"POST", "/v2/workflows", wfAsync}}},
	"09": {exact: true}, "10": {exact: true}, "11": {}, "12": {},
	"13": {}, "14": {next: true}, "15": {next: true}, "16": {next: true}, "17": {next: true, exact: true},
	"18": {exact: true}, "19": {exact: true},
	// Mistral answers an unknown sort key with a 500; we answer 400.
	"20": {status: 400},
	"21": {exact: true}, "22": {}, "23": {}, "24": {}, "25": {}, "26": {exact: true},
	"27": {}, "28": {}, "29": {}, "30": {}, "31": {}, "32": {exact: true}, "33": {exact: true},
	// /validation is a validation endpoint in mistral-go (in Mistral 15 it
	// creates the workflow in namespace "validation"): see mistral15-notes.
	"34": {status: 200, noShape: true},
	"35": {status: 200, noShape: true},
	"36": {before: []step{{"POST", "/v2/workflows?namespace=validation", "@05"}}},
	"37": {}, "38": {exact: true}, "39": {exact: true},
	"40": {before: []step{{"POST", "/v2/workflows", wfDel}}},
	"41": {exact: true},
	"42": {}, "43": {exact: true}, "44": {}, "45": {},
	// Executions, tasks and action executions (the anchor run of
	// capture_samples.py). Lists whose items share a timestamp come in
	// (created_at, id) order here, in the database's order there: only
	// their shapes are compared.
	"46": {engine: true}, "47": {engine: true, wait: "/v2/executions/1526a980-4ea1-45b2-ae34-44fd37771327"},
	"48": {engine: true, allow: sameSecond}, "49": {engine: true, allow: sameSecond}, "50": {engine: true}, "51": {engine: true},
	"52": {engine: true}, "53": {engine: true},
	"54": {engine: true, starts: []hiddenStart{{`{"workflow_name": "sample_wf_fail"}`, "7c8bcf6e-fd98-47f0-a107-da85135ae4ae"}}},
	"55": {engine: true}, "56": {engine: true}, "57": {engine: true},
	// Tasks (and action executions) created in the same second are
	// listed in id order, random on both sides: the first item may be
	// another task than the oracle's, so its JSON-in-string contents
	// are not compared.
	"58": {engine: true, allow: sameSecond},
	"59": {engine: true}, "60": {engine: true, exact: true}, "61": {engine: true}, "62": {engine: true},
	"63": {engine: true, exact: true}, "64": {engine: true}, "65": {engine: true}, "66": {engine: true, exact: true},
	"67": {engine: true, exact: true}, "68": {engine: true, exact: true}, "69": {engine: true, exact: true},
	"70": {engine: true, exact: true}, "71": {engine: true, exact: true}, "72": {engine: true},
	"73": {engine: true, wait: "/v2/action_executions/f25dcb48-d911-4a7d-bbd9-3ea7a15813f0"},
	"74": {engine: true, exact: true}, "75": {engine: true, allow: sameSecond}, "76": {engine: true, allow: sameSecond},
	// Every action we list carries a real created_at (Mistral: "" for std
	// actions, which breaks `mistral action-list`).
	"77": {allow: []string{"actions[].created_at"}},
	"78": {allow: []string{"actions[].created_at"}},
	// Mistral fails with a 500 sorting std actions by created_at.
	"79": {status: 200, noShape: true},
	"80": {allow: []string{"created_at"}},
	"81": {exact: true},
	"82": {later: "cron triggers"}, "83": {later: "cron triggers"}, "84": {later: "cron triggers"},
	"85": {later: "cron triggers"},
	"86": {},
	"87": {engine: true, allow: sameSecond}, "88": {exact: true}, "89": {later: "event triggers"},
	"90": {},
	// Taken from an API process without a coordination backend: mistral-go
	// always reports its cluster.
	"91": {later: "never: mistral-go always has its cluster"},
	"92": {exact: true}, "93": {exact: true}, "94": {exact: true},
}

// idMap pairs the oracle's ids with ours, learnt from the responses.
type idMap struct{ toOurs, toTheirs map[string]string }

// pair records that the oracle's id theirs is our id ours.
func (m *idMap) pair(theirs, ours string) { m.toOurs[theirs], m.toTheirs[ours] = ours, theirs }

func (m *idMap) learn(theirs, ours any) {
	tn, on := map[string]string{}, map[string]string{}
	collectIDs(theirs, tn)
	collectIDs(ours, on)
	for k, tid := range tn {
		if oid, ok := on[k]; ok {
			m.toOurs[tid], m.toTheirs[oid] = oid, tid
		}
	}
}

// collectIDs maps "namespace/name" to id for every object holding both,
// and "execution/<workflow name>" to the id of executions.
func collectIDs(v any, out map[string]string) {
	switch x := v.(type) {
	case *value.Map:
		id, _ := x.Get("id")
		name, _ := x.Get("name")
		ns, _ := x.Get("namespace")
		if ids, ok := id.(string); ok {
			if n, ok := name.(string); ok {
				nss, _ := ns.(string)
				out[nss+"/"+n] = ids
			} else if wf, ok := x.Get("workflow_name"); ok && x.Has("workflow_id") {
				if wfs, ok := wf.(string); ok {
					out["execution/"+wfs] = ids
				}
			}
		}
		for _, k := range x.Keys() {
			c, _ := x.Get(k)
			collectIDs(c, out)
		}
	case []any:
		for _, c := range x {
			collectIDs(c, out)
		}
	}
}

func replaceAll(s string, m map[string]string) string {
	for k, v := range m {
		s = strings.ReplaceAll(s, k, v)
	}
	return s
}

// TestSamples replays every captured sample of the resources mistral-go
// serves, in the order they were captured, and compares status, content
// type, JSON keys and value formats (and whole bodies where nothing
// varies).
func TestSamples(t *testing.T) {
	t.Parallel()
	files, err := filepath.Glob(filepath.Join(samplesDir, "[0-9][0-9]_*.txt"))
	if err != nil || len(files) == 0 {
		t.Skipf("no samples in %s", samplesDir)
	}
	slices.Sort(files)
	srv := Start(t)
	engine := srv.Do(t, "GET", "/v2/executions?limit=1", nil).Status != http.StatusNotFound
	ids := &idMap{toOurs: map[string]string{}, toTheirs: map[string]string{}}
	ourHost := strings.TrimPrefix(srv.URL, "http://")
	lastNext := ""
	for _, f := range files {
		num := filepath.Base(f)[:2]
		sc, ok := sampleCases[num]
		if !ok {
			t.Errorf("%s: not in the sample table", filepath.Base(f))
			continue
		}
		smp, err := LoadSample(f)
		if err != nil {
			t.Fatal(err)
		}
		t.Run(strings.TrimSuffix(filepath.Base(f), ".txt"), func(t *testing.T) {
			if sc.later != "" {
				t.Skipf("belongs to a later issue: %s", sc.later)
			}
			if sc.engine && !engine {
				t.Skip("mistrald runs no engine")
			}
			for _, st := range sc.starts {
				// The oracle started it seconds after the previous one:
				// a later created_at keeps the lists in its order.
				time.Sleep(time.Until(time.Now().Truncate(time.Second).Add(time.Second)))
				r := srv.Do(t, "POST", "/v2/executions", []byte(st.body), "Content-Type: application/json")
				if r.Status != http.StatusCreated {
					t.Fatalf("hidden start %s: %d %s", st.body, r.Status, r.Body)
				}
				id, _ := r.Map(t).Get("id")
				ids.pair(st.as, id.(string))
				waitFinal(t, srv, "/v2/executions/"+id.(string))
			}
			if sc.wait != "" {
				waitFinal(t, srv, replaceAll(sc.wait, ids.toOurs))
			}
			for _, st := range sc.before {
				body := st.body
				if strings.HasPrefix(body, "@") {
					src, err := filepath.Glob(filepath.Join(samplesDir, body[1:]+"_*.txt"))
					if err != nil || len(src) != 1 {
						t.Fatalf("no sample %s", body)
					}
					from, err := LoadSample(src[0])
					if err != nil {
						t.Fatal(err)
					}
					body = string(from.Body)
				}
				r := srv.Do(t, st.method, st.path, []byte(body))
				if r.Status >= 300 {
					t.Fatalf("setup %s %s: %d %s", st.method, st.path, r.Status, r.Body)
				}
			}
			var hdrs []string
			for k, vs := range smp.Header {
				if k != "Host" && k != "Content-Length" {
					hdrs = append(hdrs, k+": "+vs[0])
				}
			}
			var body []byte
			if smp.Body != nil {
				body = smp.Body
			}
			path := replaceAll(smp.Path, ids.toOurs)
			if sc.next {
				if lastNext == "" {
					t.Fatal("the previous answer had no next link")
				}
				path = strings.TrimPrefix(lastNext, srv.URL)
			}
			res := srv.Do(t, smp.Method, path, body, hdrs...)
			want := smp.Status
			if sc.status != 0 {
				want = sc.status
			}
			if res.Status != want {
				t.Fatalf("status %d, want %d\nours: %s\ntheirs: %s", res.Status, want, res.Body, smp.RBody)
			}
			if sc.noShape {
				return
			}
			if ct, wct := res.Header.Get("Content-Type"), smp.RHeader.Get("Content-Type"); ct != wct {
				t.Errorf("Content-Type %q, want %q", ct, wct)
			}
			ours := bytes.ReplaceAll(res.Body, []byte(ourHost), []byte("127.0.0.1:8989"))
			if !strings.Contains(smp.RHeader.Get("Content-Type"), "json") {
				if sc.exact && !bytes.Equal(ours, smp.RBody) {
					t.Errorf("body differs:\nours:   %q\ntheirs: %q", ours, smp.RBody)
				}
				return
			}
			theirsV, err := value.Decode(smp.RBody)
			if err != nil {
				t.Fatalf("sample body: %v", err)
			}
			oursV := res.JSON(t)
			ids.learn(theirsV, oursV)
			lastNext = ""
			if m, ok := oursV.(*value.Map); ok {
				if n, ok := m.Get("next"); ok {
					lastNext, _ = n.(string)
				}
			}
			if sc.exact {
				if got := replaceAll(string(ours), ids.toTheirs); got != string(smp.RBody) {
					t.Errorf("body differs:\nours:   %s\ntheirs: %s", got, smp.RBody)
				}
			}
			for _, d := range DiffShapes(theirsV, oursV, sc.allow...) {
				t.Error(d)
			}
		})
	}
}

func TestSampleTableCoversEveryFile(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(samplesDir, "[0-9][0-9]_*.txt"))
	if len(files) == 0 {
		if _, err := os.Stat(samplesDir); err != nil {
			t.Skip("samples not present")
		}
	}
	for _, f := range files {
		if _, ok := sampleCases[filepath.Base(f)[:2]]; !ok {
			t.Errorf("%s has no entry", filepath.Base(f))
		}
	}
}

// waitFinal polls GET path until the resource's state is final.
func waitFinal(t *testing.T, srv *Server, path string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		r := srv.Do(t, "GET", path, nil)
		if r.Status != http.StatusOK {
			t.Fatalf("GET %s: %d %s", path, r.Status, r.Body)
		}
		st, _ := r.Map(t).Get("state")
		switch st {
		case "SUCCESS", "ERROR", "CANCELLED":
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("GET %s: still %v after 30s", path, st)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
