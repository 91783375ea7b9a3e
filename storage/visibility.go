package storage

// Visibility restricts a list to what one project may see (api.md §1.1):
// its own records, public ones, and those Shared reports (the workflows
// shared with it and accepted).
type Visibility struct {
	Project string
	// Shared reports whether the record with this id was shared with
	// Project; nil shares nothing.
	Shared func(id string) bool
}

// visibleFilter returns the test of v over records of c: rows of
// another project pass when their scope is public or they are shared.
// Collections without a project_id field are not restricted.
func visibleFilter[T any](c *Collection[T], v *Visibility) func(r *T) bool {
	if v == nil {
		return nil
	}
	project, scope, id := c.fields["project_id"], c.fields["scope"], c.fields["id"]
	if project == nil {
		return nil
	}
	var zero T
	if _, _, _, ok := owner(&zero); ok {
		// Known records: read the fields without boxing them.
		return func(r *T) bool {
			p, s, x, _ := owner(r)
			return p == v.Project || p == "" && v.Project == DefaultProject || s == "public" || v.Shared != nil && v.Shared(x)
		}
	}
	return func(r *T) bool {
		// A record without a project (written before projects were
		// kept) belongs to the default one.
		if p, _ := project.Get(r).(string); p == v.Project || p == "" && v.Project == DefaultProject {
			return true
		}
		if scope != nil {
			if s, _ := scope.Get(r).(string); s == "public" {
				return true
			}
		}
		if v.Shared != nil && id != nil {
			if x, _ := id.Get(r).(string); v.Shared(x) {
				return true
			}
		}
		return false
	}
}

// owner returns the project, scope and id of the records lists show
// most; ok is false for other types.
func owner(r any) (project, scope, id string, ok bool) {
	switch x := r.(type) {
	case *Workflow:
		return x.Project, x.Scope, x.ID, true
	case *Execution:
		return x.ProjectID, "", x.ID, true
	case *Task:
		return x.ProjectID, "", x.ID, true
	case *ActionExecution:
		return x.ProjectID, "", x.ID, true
	case *Workbook:
		return x.Project, x.Scope, x.ID, true
	case *Action:
		return x.Project, x.Scope, x.ID, true
	case *Environment:
		return x.Project, x.Scope, x.ID, true
	case *CronTrigger:
		return x.Project, x.Scope, x.ID, true
	case *EventTrigger:
		return x.Project, x.Scope, x.ID, true
	}
	return "", "", "", false
}

// foreignWorkflow finds, by name in namespace, a workflow of another
// project that project may see (public, or shared and accepted): the
// oldest one, as Mistral's first() in created order would. It returns
// nil when there is none.
func (d *Definitions) foreignWorkflow(project, namespace, name string) (*Workflow, error) {
	var found *Workflow
	err := d.Workflows.Scan("namespace", namespace, func(wf *Workflow) bool {
		if wf.Name == name && wf.Project != project && d.WorkflowVisible(wf, project) {
			found = wf
			return false
		}
		return true
	})
	return found, err
}
