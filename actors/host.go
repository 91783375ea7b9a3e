package actors

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/actors/workflow"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// host implements workflow.Host over storage: definitions are parsed
// once per version and cached.
type host struct {
	e    *Engine
	tag  uint16
	wfs  sync.Map // workflow id + "@" + updated_at -> *workflow.Definition
	text sync.Map // workbook + "\x00" + definition text -> *dsl.Workflow
	acts sync.Map // action id + "@" + updated_at -> *dsl.Action
	// saved holds the ids of the definition texts known to be stored.
	saved sync.Map
}

// textID names a definition text (with its workbook) by its hash.
func textID(text, workbook string) string {
	h := sha256.New()
	h.Write([]byte(workbook))
	h.Write([]byte{0})
	h.Write([]byte(text))
	return hex.EncodeToString(h.Sum(nil)[:16])
}

func newHost(e *Engine) *host { return &host{e: e, tag: e.cfg.NodeTag} }

func (h *host) Now() time.Time { return time.Now() }

func (h *host) NewID() string { return cluster.NewID(h.tag) }

func versionKey(id string, updated, created int64) string {
	b := make([]byte, 0, len(id)+24)
	b = append(b, id...)
	b = append(b, '@')
	b = appendInt(b, updated)
	b = append(b, '@')
	return string(appendInt(b, created))
}

func appendInt(b []byte, v int64) []byte {
	if v == 0 {
		return append(b, '0')
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	return append(b, tmp[i:]...)
}

// definition returns the parsed definition of a stored workflow.
func (h *host) definition(w *storage.Workflow) (*workflow.Definition, error) {
	k := versionKey(w.ID, w.UpdatedAt, w.CreatedAt)
	if d, ok := h.wfs.Load(k); ok {
		return d.(*workflow.Definition), nil
	}
	spec, err := h.parse(w.Definition, w.Workbook)
	if err != nil {
		return nil, err
	}
	d := &workflow.Definition{ID: w.ID, Name: w.Name, Namespace: w.Namespace, Tags: w.Tags, Spec: spec,
		Text: w.Definition, Workbook: w.Workbook, TextID: textID(w.Definition, w.Workbook)}
	h.wfs.Store(k, d)
	return d, nil
}

func (h *host) parse(text, workbook string) (*dsl.Workflow, error) {
	k := workbook + "\x00" + text
	if s, ok := h.text.Load(k); ok {
		return s.(*dsl.Workflow), nil
	}
	spec, err := dsl.ParseWorkflowDefinition(text, workbook)
	if err != nil {
		return nil, err
	}
	h.text.Store(k, spec)
	return spec, nil
}

// definitionOf rebuilds the definition an execution runs from the text
// kept with it (or stored apart under its id).
func (h *host) definitionOf(rec *storage.Execution) (*workflow.Definition, error) {
	id, text, workbook, err := workflow.DefinitionText(rec)
	if err != nil {
		return nil, err
	}
	if id != "" {
		st, err := h.e.rt.Specs.Get(id)
		if err != nil {
			return nil, fmt.Errorf("definition text %s of execution %s: %w", id, rec.ID, err)
		}
		text, workbook = st.Text, st.Workbook
		h.saved.Store(id, true)
	}
	spec, err := h.parse(text, workbook)
	if err != nil {
		return nil, err
	}
	return &workflow.Definition{ID: rec.WorkflowID, Name: rec.WorkflowName, Namespace: rec.WorkflowNamespace, Tags: rec.Tags,
		Spec: spec, Text: text, Workbook: workbook, TextID: id}, nil
}

func notFound(err error) bool {
	var nf *storage.NotFoundError
	return errors.Is(err, storage.ErrNotFound) || errors.As(err, &nf)
}

// findWorkflow looks a workflow up in exactly one namespace.
func (h *host) findWorkflow(project, ns, name string) (*workflow.Definition, error) {
	w, err := h.e.defs.FindWorkflow(project, ns, name)
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return h.definition(w)
}

// FindWorkflow looks in namespace, then in the default namespace.
func (h *host) FindWorkflow(project, ns, name string) (*workflow.Definition, error) {
	d, err := h.findWorkflow(project, ns, name)
	if d != nil || err != nil || ns == "" {
		return d, err
	}
	return h.findWorkflow(project, "", name)
}

// adhoc finds a stored ad-hoc action in namespace, then in "".
func (h *host) adhoc(project, ns, name string) (*dsl.Action, error) {
	a, err := h.e.defs.FindAction(project, ns, name)
	if notFound(err) && ns != "" {
		a, err = h.e.defs.FindAction(project, "", name)
	}
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	k := versionKey(a.ID, a.UpdatedAt, a.CreatedAt)
	if d, ok := h.acts.Load(k); ok {
		return d.(*dsl.Action), nil
	}
	d, err := dsl.ParseActionDefinition(a.Definition, a.Name, a.Workbook)
	if err != nil {
		return nil, err
	}
	h.acts.Store(k, d)
	return d, nil
}

// FindAction finds a std action, else an ad-hoc one (resolving its base
// chain: std first, then "<workbook>.<base>" for workbook actions, then
// the base name), else one of Config.Actions.
func (h *host) FindAction(project, ns, name string) (*workflow.ActionDef, error) {
	if a, ok := h.e.reg.Lookup(name); ok {
		return &workflow.ActionDef{Std: a}, nil
	}
	top, err := h.adhoc(project, ns, name)
	if err != nil {
		return nil, err
	}
	if top == nil {
		a, err := h.other(project, ns, name)
		if a == nil || err != nil {
			return nil, err
		}
		return &workflow.ActionDef{Std: a}, nil
	}
	ah, err := actions.NewAdHoc(top, ns, func(from *dsl.Action, base string) (*dsl.Action, *actions.Action, error) {
		if a, ok := h.e.reg.Lookup(base); ok {
			return nil, a, nil
		}
		if from.Workbook != "" {
			d, err := h.adhoc(project, ns, from.Workbook+"."+base)
			if err != nil || d != nil {
				return d, nil, err
			}
		}
		d, err := h.adhoc(project, ns, base)
		if d != nil || err != nil {
			return d, nil, err
		}
		a, err := h.other(project, ns, base)
		return nil, a, err
	})
	if err != nil {
		return nil, err
	}
	return &workflow.ActionDef{AdHoc: ah}, nil
}

// other asks Config.Actions for an action in namespace, then in "".
func (h *host) other(project, ns, name string) (*actions.Action, error) {
	f := h.e.cfg.Actions
	if f == nil {
		return nil, nil
	}
	a, ok, err := f.FindAction(project, ns, name)
	if err != nil || ok || ns == "" {
		return a, err
	}
	a, _, err = f.FindAction(project, "", name)
	return a, err
}

// FindEnvironment returns the variables of a stored environment.
func (h *host) FindEnvironment(project, name string) (*value.Map, error) {
	env, err := h.e.defs.FindEnvironment(project, name)
	if notFound(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if env.Variables == nil {
		return value.NewMap(0), nil
	}
	v, err := value.Decode(env.Variables)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*value.Map)
	if m == nil {
		m = value.NewMap(0)
	}
	return m, nil
}
