package httpd

import (
	"context"
	"strconv"
	"sync"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// GlobalPublisher is implemented by an engine that derives the
// published_global fields itself: the variables an execution published
// with `publish: {global: …}` (its context without vars and internal
// keys), and a task's global publish block evaluated now (nil when the
// task has none or is not finished). Config.Engine may implement it.
type GlobalPublisher interface {
	ExecutionPublishedGlobal(ctx context.Context, ex *storage.Execution) (*value.Map, error)
	TaskPublishedGlobal(ctx context.Context, t *storage.Task) (*value.Map, error)
}

// internalContextKeys are keys of an execution's context that are not
// published variables.
var internalContextKeys = map[string]bool{"__execution": true, "openstack": true}

// executionGlobal returns published_global of ex: from the engine when it
// can tell, else the execution's context without its internal keys and
// its workflow's vars.
func (s *Server) executionGlobal(c *call, ex *storage.Execution) *value.Map {
	if gp, ok := s.cfg.Engine.(GlobalPublisher); ok {
		if m, err := gp.ExecutionPublishedGlobal(c.r.Context(), ex); err == nil {
			return m
		}
	}
	out := value.NewMap(0)
	if ex.Context == nil {
		return out
	}
	vars := s.varNames(ex.WorkflowID)
	for _, k := range ex.Context.Keys() {
		if !internalContextKeys[k] && !vars[k] {
			v, _ := ex.Context.Get(k)
			out.Set(k, v)
		}
	}
	return out
}

// varsCache holds the vars names of workflow versions ("id@updated").
var varsCache sync.Map

// varNames returns the names of the vars of workflow id (none when it
// cannot be read).
func (s *Server) varNames(id string) map[string]bool {
	wf, err := s.defs.Workflows.Get(id)
	if err != nil {
		return nil
	}
	key := id + "@" + strconv.FormatInt(wf.UpdatedAt, 10)
	if v, ok := varsCache.Load(key); ok {
		return v.(map[string]bool)
	}
	names := map[string]bool{}
	if spec, err := dsl.ParseWorkflowDefinition(wf.Definition, wf.Workbook); err == nil {
		if m, ok := spec.Vars.Value().(*value.Map); ok {
			for _, k := range m.Keys() {
				names[k] = true
			}
		}
	}
	varsCache.Store(key, names)
	return names
}

// taskGlobal returns published_global of t (nil: not shown).
func (s *Server) taskGlobal(c *call, t *storage.Task) *value.Map {
	gp, ok := s.cfg.Engine.(GlobalPublisher)
	if !ok || (t.State != "SUCCESS" && t.State != "ERROR") {
		return nil
	}
	m, err := gp.TaskPublishedGlobal(c.r.Context(), t)
	if err != nil || m == nil || m.Len() == 0 {
		return nil
	}
	return m
}
