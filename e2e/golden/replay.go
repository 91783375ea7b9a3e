package golden

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// poll is the interval of every wait, as in record.py.
const poll = 100 * time.Millisecond

// Replay runs one case against the service at baseURL (e.g.
// "http://127.0.0.1:8989") and returns its normalised recording, built
// exactly as record.py builds the committed one. Definitions are removed
// before and after.
func Replay(ctx context.Context, baseURL string, c *Case) (*value.Map, error) {
	cl := newClient(baseURL)
	rec := value.MapOf("case", c.Name)
	if err := cl.cleanup(ctx, c); err != nil {
		return nil, fmt.Errorf("clean-up before: %w", err)
	}
	err := cl.run(ctx, c, rec)
	// Clean up even when the run failed or its context ended.
	cctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), time.Minute)
	defer cancel()
	if cerr := cl.cleanup(cctx, c); err == nil && cerr != nil {
		err = fmt.Errorf("clean-up after: %w", cerr)
	}
	if err != nil {
		return nil, err
	}
	return rec, nil
}

func (cl *client) run(ctx context.Context, c *Case, rec *value.Map) error {
	ns := c.Namespace()
	uploads := []any{}
	rec.Set("uploads", uploads)
	for _, d := range c.Docs {
		path := map[string]string{"workflows": "/workflows", "workbook": "/workbooks", "actions": "/actions"}[d.Kind]
		if !d.Default {
			path += query("namespace", ns)
		}
		st, doc, err := cl.call(ctx, http.MethodPost, path, nil, d.Text)
		if err != nil {
			return err
		}
		o := outcome(st, doc)
		o.Set("doc", d.Key)
		uploads = append(uploads, Norm(o))
	}
	for _, env := range c.Environments {
		body := env.Clone()
		vars, ok := env.Get("variables")
		if !ok {
			vars = value.NewMap(0)
		}
		body.Set("variables", string(value.AppendPy(nil, vars)))
		st, doc, err := cl.call(ctx, http.MethodPost, "/environments", body, "")
		if err != nil {
			return err
		}
		o := outcome(st, doc)
		o.Set("doc", "env "+str(env, "name"))
		uploads = append(uploads, Norm(o))
	}
	rec.Set("uploads", uploads)
	if c.Execution == nil {
		return nil
	}
	ex := c.Execution
	body := value.MapOf("workflow_name", field(ex, "workflow"))
	if v, ok := ex.Get("namespace"); ok {
		body.Set("workflow_namespace", v)
	} else {
		body.Set("workflow_namespace", ns)
	}
	if v, ok := ex.Get("input"); ok {
		body.Set("input", string(value.AppendPy(nil, v)))
	}
	if v, ok := ex.Get("params"); ok {
		body.Set("params", string(value.AppendPy(nil, v)))
	}
	if v, ok := ex.Get("description"); ok {
		body.Set("description", v)
	}
	st, doc, err := cl.call(ctx, http.MethodPost, "/executions", body, "")
	if err != nil {
		return err
	}
	rec.Set("start", Norm(outcome(st, doc)))
	if st >= 400 {
		return nil
	}
	dm, _ := doc.(*value.Map)
	root := ""
	if dm != nil {
		root = str(dm, "id")
	}
	if root == "" {
		return fmt.Errorf("POST /executions: %d without an id: %s", st, describe(doc))
	}
	steps := make([]any, 0, len(c.Steps))
	for i, s := range c.Steps {
		r, err := cl.step(ctx, root, s, c.Timeout)
		if err != nil {
			return fmt.Errorf("step %d: %w", i+1, err)
		}
		steps = append(steps, r)
	}
	rec.Set("steps", steps)
	end := c.End
	if len(end) == 0 {
		end = []string{"SUCCESS", "ERROR", "CANCELLED"}
	}
	deadline := time.Now().Add(c.Timeout)
	var n *node
	for {
		if n, err = cl.fetchTree(ctx, root); err != nil {
			return err
		}
		if slices.Contains(end, str(n.ex, "state")) {
			break
		}
		if time.Now().After(deadline) {
			rec.Set("end_timeout", true)
			break
		}
		if err := sleep(ctx, poll); err != nil {
			return err
		}
	}
	settle := c.Settle
	if settle < 0 {
		settle = 0
		if terminal(str(n.ex, "state")) {
			settle = 10 * time.Second
		}
	}
	until := time.Now().Add(settle)
	for n.incomplete() && time.Now().Before(until) {
		if err := sleep(ctx, poll); err != nil {
			return err
		}
		if n, err = cl.fetchTree(ctx, root); err != nil {
			return err
		}
	}
	snap, err := cl.snapshot(ctx, root)
	if err != nil {
		return err
	}
	rec.Set("execution", snap)
	return nil
}

// step performs one operator step: an optional sleep, wait, task list
// observation and PUT.
func (cl *client) step(ctx context.Context, root string, s *value.Map, timeout time.Duration) (*value.Map, error) {
	r := value.NewMap(0)
	if v, ok := s.Get("note"); ok {
		r.Set("note", v)
	}
	if secs, ok := number(field(s, "sleep")); ok {
		if err := sleep(ctx, time.Duration(secs*float64(time.Second))); err != nil {
			return nil, err
		}
	}
	if w, ok := s.Get("wait"); ok {
		sel, ok := w.(*value.Map)
		if !ok {
			return nil, fmt.Errorf("wait: want an object")
		}
		t := timeout
		if secs, ok := number(field(s, "timeout")); ok {
			t = time.Duration(secs * float64(time.Second))
		}
		met, obj, err := cl.waitFor(ctx, root, sel, t)
		if err != nil {
			return nil, err
		}
		r.Set("wait", w)
		r.Set("met", met)
		if obj != nil {
			r.Set("observed", Norm(value.MapOf("state", field(obj, "state"), "state_info", field(obj, "state_info"))))
		}
	}
	if value.Truthy(field(s, "observe_tasks")) {
		n, err := cl.fetchTree(ctx, root)
		if err != nil {
			return nil, err
		}
		l := make([]any, 0, len(n.tasks))
		for _, t := range n.tasks {
			l = append(l, []any{field(t.task, "name"), field(t.task, "state")})
		}
		sortCanonical(l)
		r.Set("tasks", l)
	}
	if p, ok := s.Get("put"); ok {
		sel, ok := p.(*value.Map)
		if !ok {
			return nil, fmt.Errorf("put: want an object")
		}
		r.Set("put", p)
		r.Set("body", field(s, "body"))
		targets, err := cl.putTargets(ctx, root, sel)
		if err != nil {
			return nil, err
		}
		results := []any{}
		if len(targets) == 0 {
			results = append(results, value.MapOf("status", int64(0), "error", "no target found"))
		}
		for _, t := range targets {
			body := field(s, "body")
			if body == nil {
				body = value.NewMap(0)
			}
			st, doc, err := cl.call(ctx, http.MethodPut, t, body, "")
			if err != nil {
				return nil, err
			}
			o := outcome(st, doc)
			if dm, ok := doc.(*value.Map); ok && st < 400 {
				o.Set("state", field(dm, "state"))
			}
			results = append(results, Norm(o))
		}
		r.Set("responses", results)
	}
	return r, nil
}

// waitFor polls until sel matches (at least sel["count"] objects) or the
// timeout passes; it returns whether it matched and the newest match.
func (cl *client) waitFor(ctx context.Context, root string, sel *value.Map, timeout time.Duration) (bool, *value.Map, error) {
	want := 1
	if n, ok := number(field(sel, "count")); ok {
		want = int(n)
	}
	deadline := time.Now().Add(timeout)
	for {
		n, err := cl.fetchTree(ctx, root)
		if err != nil {
			return false, nil, err
		}
		m, err := n.matches(sel)
		if err != nil {
			return false, nil, err
		}
		if len(m) >= want {
			return true, m[len(m)-1], nil
		}
		if time.Now().After(deadline) {
			if len(m) > 0 {
				return false, m[len(m)-1], nil
			}
			return false, nil, nil
		}
		if err := sleep(ctx, poll); err != nil {
			return false, nil, err
		}
	}
}

// putTargets resolves a put selector to resource paths: the root
// execution ({"execution": ""}), sub-executions ({"execution": "",
// "workflow": name}), task executions ({"task": name}) or action
// executions ({"action": name}); the newest match, or every match with
// "all". Action selectors without a state prefer unfinished actions.
func (cl *client) putTargets(ctx context.Context, root string, sel *value.Map) ([]string, error) {
	n, err := cl.fetchTree(ctx, root)
	if err != nil {
		return nil, err
	}
	if sel.Has("execution") && !value.Truthy(field(sel, "workflow")) {
		return []string{"/executions/" + str(n.ex, "id")}, nil
	}
	s := sel.Clone()
	if s.Has("execution") {
		s.Set("execution", field(sel, "state"))
	}
	found, err := n.matches(s)
	if err != nil {
		return nil, err
	}
	if sel.Has("action") && !sel.Has("state") {
		var live []*value.Map
		for _, a := range found {
			if !terminal(str(a, "state")) {
				live = append(live, a)
			}
		}
		if len(live) > 0 {
			found = live
		}
	}
	if len(found) == 0 {
		return nil, nil
	}
	kind := "/action_executions/"
	switch {
	case sel.Has("execution"):
		kind = "/executions/"
	case sel.Has("task"):
		kind = "/tasks/"
	}
	if !value.Truthy(field(sel, "all")) {
		found = found[len(found)-1:]
	}
	out := make([]string, len(found))
	for i, o := range found {
		out[i] = kind + str(o, "id")
	}
	return out, nil
}

var topNameRE = regexp.MustCompile(`^([^\s#:][^:]*):`)

// topNames lists the item names of a workflow or action list document
// (its column-0 keys other than version).
func topNames(text string) []string {
	var out []string
	for _, line := range strings.Split(text, "\n") {
		if m := topNameRE.FindStringSubmatch(line); m != nil {
			n := strings.Trim(m[1], `'"`)
			if n != "version" {
				out = append(out, n)
			}
		}
	}
	return out
}

// cleanup deletes whatever the case may have left behind: executions of
// its workflows, its workbooks, workflows, ad-hoc actions (namespaced and
// default) and environments. Missing resources are fine.
func (cl *client) cleanup(ctx context.Context, c *Case) error {
	ns := c.Namespace()
	wfs, err := cl.list(ctx, "/workflows"+query("namespace", ns), "workflows")
	if err != nil {
		return err
	}
	var ids []string
	for _, w := range wfs {
		ids = append(ids, str(w, "id"))
	}
	for _, d := range c.Docs {
		if d.Default && d.Kind == "workflows" {
			for _, name := range topNames(d.Text) {
				st, doc, err := cl.call(ctx, http.MethodGet, "/workflows/"+url.PathEscape(name), nil, "")
				if err != nil {
					return err
				}
				if dm, ok := doc.(*value.Map); ok && st == http.StatusOK {
					ids = append(ids, str(dm, "id"))
				}
			}
		}
	}
	del := func(path string) error {
		_, _, err := cl.call(ctx, http.MethodDelete, path, nil, "")
		return err
	}
	for _, id := range ids {
		exs, err := cl.list(ctx, "/executions"+query("workflow_id", id), "executions")
		if err != nil {
			return err
		}
		for _, e := range exs {
			if field(e, "task_execution_id") == nil {
				if err := del("/executions/" + str(e, "id") + "?force=true"); err != nil {
					return err
				}
			}
		}
	}
	wbs, err := cl.list(ctx, "/workbooks"+query("namespace", ns), "workbooks")
	if err != nil {
		return err
	}
	for _, wb := range wbs {
		if err := del("/workbooks/" + str(wb, "name") + query("namespace", ns)); err != nil {
			return err
		}
	}
	for _, id := range ids {
		if err := del("/workflows/" + id); err != nil {
			return err
		}
	}
	acts, err := cl.list(ctx, "/actions"+query("namespace", ns), "actions")
	if err != nil {
		return err
	}
	for _, a := range acts {
		if str(a, "namespace") == ns {
			if err := del("/actions/" + str(a, "name") + query("namespace", ns)); err != nil {
				return err
			}
		}
	}
	for _, d := range c.Docs {
		if !d.Default {
			continue
		}
		for _, name := range topNames(d.Text) {
			switch d.Kind {
			case "actions":
				err = del("/actions/" + url.PathEscape(name))
			case "workbook":
				err = del("/workbooks/" + url.PathEscape(name))
			}
			if err != nil {
				return err
			}
		}
	}
	for _, env := range c.Environments {
		if err := del("/environments/" + str(env, "name")); err != nil {
			return err
		}
	}
	return nil
}

func sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
