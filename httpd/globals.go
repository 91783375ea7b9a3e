package httpd

import (
	"strconv"
	"sync"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// internalContextKeys are keys of an execution's context that are not
// published variables.
var internalContextKeys = map[string]bool{"__execution": true, "openstack": true}

// executionGlobal returns published_global of ex: the variables
// published with `publish: {global: …}`, i.e. the execution's context
// without its internal keys and its workflow's vars.
func (s *Server) executionGlobal(ex *storage.Execution) *value.Map {
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

// taskGlobal returns published_global of t, shown when the task is
// finished and its publish block put something into the global context
// (nil: not shown).
func taskGlobal(t *storage.Task) *value.Map {
	if (t.State != "SUCCESS" && t.State != "ERROR") || t.PublishedGlobal == nil || t.PublishedGlobal.Len() == 0 {
		return nil
	}
	return t.PublishedGlobal
}
