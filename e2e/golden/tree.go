package golden

import (
	"context"
	"fmt"
	"sort"

	"github.com/mistral-go/mistral-go/value"
)

// node is an execution with its tasks, as the API lists them.
type node struct {
	ex    *value.Map
	tasks []*taskNode
}

// taskNode is a task execution with its action executions (action
// tasks) or child executions (workflow tasks).
type taskNode struct {
	task    *value.Map
	actions []*value.Map
	execs   []*node
}

// fetchTree reads an execution and, recursively, its tasks, action
// executions and sub-executions.
func (c *client) fetchTree(ctx context.Context, id string) (*node, error) {
	ex, err := c.get(ctx, "/executions/"+id)
	if err != nil {
		return nil, err
	}
	tasks, err := c.list(ctx, "/executions/"+id+"/tasks", "tasks")
	if err != nil {
		return nil, err
	}
	n := &node{ex: ex}
	for _, t := range tasks {
		tn := &taskNode{task: t}
		tid := str(t, "id")
		if str(t, "type") == "ACTION" {
			tn.actions, err = c.list(ctx, "/action_executions"+query("task_execution_id", tid, "include_output", "true"), "action_executions")
			if err != nil {
				return nil, err
			}
		} else {
			kids, err := c.list(ctx, "/executions"+query("task_execution_id", tid), "executions")
			if err != nil {
				return nil, err
			}
			for _, k := range kids {
				kn, err := c.fetchTree(ctx, str(k, "id"))
				if err != nil {
					return nil, err
				}
				tn.execs = append(tn.execs, kn)
			}
		}
		n.tasks = append(n.tasks, tn)
	}
	return n, nil
}

// walk calls f for every execution of the tree, the root first.
func (n *node) walk(f func(*node)) {
	f(n)
	for _, t := range n.tasks {
		for _, c := range t.execs {
			c.walk(f)
		}
	}
}

// scope is the executions a selector looks in: the root, or every
// sub-execution of the workflow named by sel["workflow"].
func (n *node) scope(sel *value.Map) []*node {
	wf, ok := field(sel, "workflow").(string)
	if !ok {
		return []*node{n}
	}
	var out []*node
	n.walk(func(c *node) {
		if c != n && str(c.ex, "workflow_name") == wf {
			out = append(out, c)
		}
	})
	return out
}

// stateMatches says whether want (absent, null or "" = any) matches
// the state of obj.
func stateMatches(want any, obj *value.Map) bool {
	s, ok := want.(string)
	return !ok || s == "" || s == str(obj, "state")
}

// matches returns the objects a wait or put selector designates, oldest
// first: executions ({"execution": state}), task executions ({"task":
// name, "state"}) or action executions ({"action": name, "state"}).
func (n *node) matches(sel *value.Map) ([]*value.Map, error) {
	var out []*value.Map
	switch {
	case sel.Has("execution"):
		for _, c := range n.scope(sel) {
			if stateMatches(field(sel, "execution"), c.ex) {
				out = append(out, c.ex)
			}
		}
	case sel.Has("task"):
		name := field(sel, "task")
		for _, c := range n.scope(sel) {
			for _, t := range c.tasks {
				if field(t.task, "name") == name && stateMatches(field(sel, "state"), t.task) {
					out = append(out, t.task)
				}
			}
		}
	case sel.Has("action"):
		nodes := n.scope(sel)
		if !sel.Has("workflow") {
			nodes = nil
			n.walk(func(c *node) { nodes = append(nodes, c) })
		}
		name := field(sel, "action")
		for _, c := range nodes {
			for _, t := range c.tasks {
				for _, a := range t.actions {
					if field(a, "name") == name && stateMatches(field(sel, "state"), a) {
						out = append(out, a)
					}
				}
			}
		}
	default:
		return nil, fmt.Errorf("selector needs execution, task or action: %s", describe(sel))
	}
	sort.SliceStable(out, func(i, j int) bool {
		ci, cj := str(out[i], "created_at"), str(out[j], "created_at")
		if ci != cj {
			return ci < cj
		}
		return str(out[i], "id") < str(out[j], "id")
	})
	return out, nil
}

// incomplete says whether anything in the tree may still change: an
// execution neither terminal nor paused, or a task not terminal.
func (n *node) incomplete() bool {
	busy := false
	n.walk(func(c *node) {
		if !terminal(str(c.ex, "state")) && str(c.ex, "state") != "PAUSED" {
			busy = true
		}
		for _, t := range c.tasks {
			if !terminal(str(t.task, "state")) {
				busy = true
			}
		}
	})
	return busy
}

func terminal(state string) bool {
	return state == "SUCCESS" || state == "ERROR" || state == "CANCELLED"
}
