package httpd

import (
	"context"

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
// can tell, else the execution's context without its internal keys.
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
	for _, k := range ex.Context.Keys() {
		if !internalContextKeys[k] {
			v, _ := ex.Context.Get(k)
			out.Set(k, v)
		}
	}
	return out
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
