package storage

import (
	"errors"
	"fmt"
)

// DefaultProject is the project of every resource while authentication is
// off, as Mistral names it.
const DefaultProject = "<default-project>"

// Definitions holds the collections of user definitions: workbooks,
// workflows, ad-hoc actions and environments.
type Definitions struct {
	DB           *DB
	Workbooks    *Collection[Workbook]
	Workflows    *Collection[Workflow]
	Actions      *Collection[Action]
	Environments *Collection[Environment]
	// Members are the workflow memberships (sharing between projects).
	Members *Collection[Member]
}

// OpenDefinitions registers the definition collections in db.
func OpenDefinitions(db *DB) (*Definitions, error) {
	d := &Definitions{DB: db}
	var err error
	if d.Workbooks, err = NewCollection(db, workbookSchema); err != nil {
		return nil, err
	}
	if d.Workflows, err = NewCollection(db, workflowSchema); err != nil {
		return nil, err
	}
	if d.Actions, err = NewCollection(db, actionSchema); err != nil {
		return nil, err
	}
	if d.Environments, err = NewCollection(db, environmentSchema); err != nil {
		return nil, err
	}
	if d.Members, err = NewCollection(db, memberSchema); err != nil {
		return nil, err
	}
	return d, nil
}

// projectShown is how Mistral prints the project in duplicate-entry
// messages while authentication is off.
func projectShown(p string) string {
	if p == DefaultProject || p == "" {
		return "None"
	}
	return p
}

// Visible reports whether a record of project p with scope s is visible to
// a caller of project caller.
func Visible(p, s, caller string) bool { return p == caller || s == "public" }

// nullTime returns nil for an unset timestamp, else the seconds.
func nullTime(t int64) any {
	if t == 0 {
		return nil
	}
	return t
}

// FindWorkflow returns the workflow whose id is identifier, or whose name
// is identifier in namespace, as visible to project; a NotFoundError in
// Mistral's words otherwise.
func (d *Definitions) FindWorkflow(project, namespace, identifier string) (*Workflow, error) {
	// Workflow names cannot look like UUIDs, so only a UUID can be an id.
	if LooksLikeUUID(identifier) {
		wf, err := d.Workflows.Get(identifier)
		if err == nil && d.WorkflowVisible(wf, project) {
			return wf, nil
		}
		if err != nil && !errors.Is(err, ErrNotFound) {
			return nil, err
		}
	}
	wf, err := d.Workflows.GetUnique(0, KeyOf(project, namespace, identifier))
	if err == nil {
		return wf, nil
	}
	if !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	if wf, err := d.foreignWorkflow(project, namespace, identifier); wf != nil || err != nil {
		return wf, err
	}
	return nil, &NotFoundError{Msg: fmt.Sprintf("Workflow not found [workflow_identifier=%s, namespace=%s]", identifier, namespace)}
}

// FindAction returns the ad-hoc action whose id is identifier, or whose
// name is identifier in namespace; ErrNotFound otherwise (std actions are
// not stored).
func (d *Definitions) FindAction(project, namespace, identifier string) (*Action, error) {
	a, err := d.Actions.Get(identifier)
	if err == nil && Visible(a.Project, a.Scope, project) {
		return a, nil
	}
	if err != nil && !errors.Is(err, ErrNotFound) {
		return nil, err
	}
	return d.Actions.GetUnique(0, KeyOf(project, namespace, identifier))
}

// FindWorkbook returns the workbook named name in namespace, or a
// NotFoundError.
func (d *Definitions) FindWorkbook(project, namespace, name string) (*Workbook, error) {
	wb, err := d.Workbooks.GetUnique(0, KeyOf(project, namespace, name))
	if errors.Is(err, ErrNotFound) {
		return nil, &NotFoundError{Msg: fmt.Sprintf("Workbook not found [name=%s, namespace=%s]", name, namespace)}
	}
	return wb, err
}

// FindEnvironment returns the environment named name, or a NotFoundError.
func (d *Definitions) FindEnvironment(project, name string) (*Environment, error) {
	env, err := d.Environments.GetUnique(0, KeyOf(project, name))
	if errors.Is(err, ErrNotFound) {
		return nil, &NotFoundError{Msg: fmt.Sprintf("Environment not found [name=%s]", name)}
	}
	return env, err
}

// LooksLikeUUID reports whether s is a UUID in its canonical 36-character
// form (any case) or as 32 hex digits.
func LooksLikeUUID(s string) bool {
	switch len(s) {
	case 36:
		for i := 0; i < 36; i++ {
			c := s[i]
			if i == 8 || i == 13 || i == 18 || i == 23 {
				if c != '-' {
					return false
				}
			} else if !isHex(c) {
				return false
			}
		}
		return true
	case 32:
		for i := 0; i < 32; i++ {
			if !isHex(s[i]) {
				return false
			}
		}
		return true
	}
	return false
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
