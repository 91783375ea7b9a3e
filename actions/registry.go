package actions

import (
	"fmt"
	"sort"
)

// Registry maps action names to actions. Fill it before sharing it; once
// shared it is read-only and safe for concurrent use.
type Registry struct {
	byName map[string]*Action
	sorted []*Action
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{byName: make(map[string]*Action)}
}

// Register adds an action; a name can be registered once.
func (r *Registry) Register(a *Action) error {
	if a == nil || a.Name == "" || a.Signature == nil || a.bind == nil {
		return fmt.Errorf("register action: incomplete action %+v", a)
	}
	if _, dup := r.byName[a.Name]; dup {
		return fmt.Errorf("register action: %q is already registered", a.Name)
	}
	r.byName[a.Name] = a
	i := sort.Search(len(r.sorted), func(i int) bool { return r.sorted[i].Name >= a.Name })
	r.sorted = append(r.sorted, nil)
	copy(r.sorted[i+1:], r.sorted[i:])
	r.sorted[i] = a
	return nil
}

// Lookup finds an action by its exact name.
func (r *Registry) Lookup(name string) (*Action, bool) {
	a, ok := r.byName[name]
	return a, ok
}

// Actions returns every action sorted by name; do not modify the slice.
func (r *Registry) Actions() []*Action { return r.sorted }
