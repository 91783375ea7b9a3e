package storage

import (
	"errors"
	"fmt"
)

// CodeSource is a stored code source: the text of a Python module whose
// classes dynamic actions run (api.md §12.2).
type CodeSource struct {
	ID        string
	Name      string // the module name
	Namespace string
	Project   string
	Scope     string
	Content   string
	// Version starts at 1 and grows by one on every update.
	Version   int64
	Tags      []string
	CreatedAt int64
	UpdatedAt int64
}

type codeSourceCodec struct{}

func (codeSourceCodec) Append(b []byte, r *CodeSource) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Namespace)
	e.String(r.Project)
	e.String(r.Scope)
	e.String(r.Content)
	e.Int(r.Version)
	e.Strings(r.Tags)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (codeSourceCodec) Decode(b []byte, r *CodeSource) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Namespace = d.String()
	r.Project = d.String()
	r.Scope = d.String()
	r.Content = d.String()
	r.Version = d.Int()
	r.Tags = d.Strings()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var codeSourceSchema = Schema[CodeSource]{
	Keyspace: "cs",
	Codec:    codeSourceCodec{},
	ID:       func(r *CodeSource) string { return r.ID },
	Created:  func(r *CodeSource) int64 { return r.CreatedAt },
	Fields: []Field[CodeSource]{
		{Name: "id", Kind: KindText, Get: func(r *CodeSource) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *CodeSource) any { return r.Name }},
		{Name: "namespace", Kind: KindText, Get: func(r *CodeSource) any { return r.Namespace }},
		{Name: "content", Kind: KindText, Get: func(r *CodeSource) any { return r.Content }},
		{Name: "version", Kind: KindInt, Get: func(r *CodeSource) any { return r.Version }},
		{Name: "project_id", Kind: KindText, Get: func(r *CodeSource) any { return r.Project }},
		{Name: "scope", Kind: KindText, Get: func(r *CodeSource) any { return r.Scope }},
		{Name: "tags", Kind: KindTags, Get: func(r *CodeSource) any { return r.Tags }},
		{Name: "created_at", Kind: KindTime, Get: func(r *CodeSource) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *CodeSource) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[CodeSource]{{
		Key: func(r *CodeSource) []byte { return KeyOf(r.Project, r.Namespace, r.Name) },
		Conflict: func(r *CodeSource) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for CodeSource ['name', 'namespace', 'project_id']: %s, %s, %s",
				r.Name, r.Namespace, projectShown(r.Project))}
		},
	}},
}

// FindCodeSource returns the code source whose id is identifier, or
// whose name is identifier in namespace, as visible to project (seen by
// w when w is not nil); a NotFoundError in Mistral's words otherwise.
func (s *Surface) FindCodeSource(w *Write, project, namespace, identifier string) (*CodeSource, error) {
	return findByIDOrName(w, s.CodeSources, project, namespace, identifier,
		func(r *CodeSource) (string, string) { return r.Project, r.Scope },
		func() error {
			return &NotFoundError{Msg: fmt.Sprintf("Code Source not found [name=%s,namespace=%s]", identifier, namespace)}
		})
}

// findByIDOrName looks a record up by id, then by its unique (project,
// namespace, name) key, as Mistral's "name and namespace or id" lookups
// do; missing builds the error when neither matches.
func findByIDOrName[T any](w *Write, c *Collection[T], project, namespace, identifier string,
	owner func(*T) (project, scope string), missing func() error) (*T, error) {
	var (
		r   *T
		err error
	)
	if w != nil {
		r, err = c.GetIn(w, identifier)
	} else {
		r, err = c.Get(identifier)
	}
	if err == nil {
		if p, s := owner(r); Visible(p, s, project) {
			return r, nil
		}
	} else if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	k := KeyOf(project, namespace, identifier)
	if w != nil {
		r, err = c.GetUniqueIn(w, 0, k)
	} else {
		r, err = c.GetUnique(0, k)
	}
	if errors.Is(err, ErrNotFound) {
		return nil, missing()
	}
	return r, err
}
