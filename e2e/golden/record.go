package golden

import (
	"context"

	"github.com/mistral-go/mistral-go/value"
)

// rcKeys are the runtime_context keys a recording keeps.
var rcKeys = []string{"triggered_by", "with_items", "concurrency", "retry_task_policy"}

// snapshot records an execution tree the way record.py does: each
// execution with its tasks, each task with its action executions and
// sub-executions, normalised.
func (c *client) snapshot(ctx context.Context, id string) (*value.Map, error) {
	n, err := c.fetchTree(ctx, id)
	if err != nil {
		return nil, err
	}
	names := map[string]string{}
	n.walk(func(e *node) {
		for _, t := range e.tasks {
			names[str(t.task, "id")] = str(t.task, "name")
		}
	})
	return c.recordNode(ctx, n, names)
}

func (c *client) recordNode(ctx context.Context, n *node, names map[string]string) (*value.Map, error) {
	ex := n.ex
	r := value.MapOf(
		"workflow_name", field(ex, "workflow_name"),
		"description", field(ex, "description"),
		"state", field(ex, "state"),
		"state_info", field(ex, "state_info"),
		"input", decodeJSONString(field(ex, "input")),
		"params", decodeJSONString(field(ex, "params")),
		"output", decodeJSONString(field(ex, "output")),
	)
	if ex.Has("published_global") {
		r.Set("published_global", decodeJSONString(field(ex, "published_global")))
	}
	r = Norm(r).(*value.Map)
	tasks := make([]any, 0, len(n.tasks))
	for _, t := range n.tasks {
		tr, err := c.recordTask(ctx, t, names)
		if err != nil {
			return nil, err
		}
		tasks = append(tasks, tr)
	}
	r.Set("tasks", tasks)
	return r, nil
}

func (c *client) recordTask(ctx context.Context, t *taskNode, names map[string]string) (any, error) {
	full, err := c.get(ctx, "/tasks/"+str(t.task, "id"))
	if err != nil {
		return nil, err
	}
	rc, _ := decodeJSONString(field(full, "runtime_context")).(*value.Map)
	keep := value.NewMap(0)
	for _, k := range rcKeys {
		if rc != nil && rc.Has(k) {
			keep.Set(k, field(rc, k))
		}
	}
	if l, ok := field(keep, "triggered_by").([]any); ok {
		out := make([]any, 0, len(l))
		for _, x := range l {
			xm, _ := x.(*value.Map)
			if xm == nil {
				xm = value.NewMap(0)
			}
			id := field(xm, "task_id")
			var who any = id
			if s, ok := id.(string); ok {
				if name, ok := names[s]; ok {
					who = name
				}
			}
			out = append(out, value.MapOf("task", who, "event", field(xm, "event")))
		}
		keep.Set("triggered_by", out)
	}
	tr := value.MapOf(
		"name", field(full, "name"),
		"type", field(full, "type"),
		"state", field(full, "state"),
		"state_info", field(full, "state_info"),
		"processed", field(full, "processed"),
		"published", decodeJSONString(field(full, "published")),
		"result", decodeJSONString(field(full, "result")),
		"runtime_context", keep,
	)
	if full.Has("published_global") {
		tr.Set("published_global", decodeJSONString(field(full, "published_global")))
	}
	acts := make([]any, 0, len(t.actions))
	for _, a := range t.actions {
		acts = append(acts, Norm(value.MapOf(
			"name", field(a, "name"),
			"state", field(a, "state"),
			"accepted", field(a, "accepted"),
			"input", decodeJSONString(field(a, "input")),
			"output", decodeJSONString(field(a, "output")),
		)))
	}
	tr.Set("actions", acts)
	subs := make([]any, 0, len(t.execs))
	for _, e := range t.execs {
		s, err := c.recordNode(ctx, e, names)
		if err != nil {
			return nil, err
		}
		subs = append(subs, s)
	}
	tr.Set("executions", subs)
	return Norm(tr), nil
}
