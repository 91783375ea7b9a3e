package httpd

import (
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers"
)

// Projects while authentication is off. Mistral with auth off puts every
// resource in "<default-project>" and ignores X-Project-Id; we take the
// project from that header (default "<default-project>"), so that
// several projects can share one service and the sharing rules of
// api.md §1.1 and §12.1 apply (documented in README.md).

// projectHeader names the caller's project.
const projectHeader = "X-Project-Id"

// caller is the caller as the trigger service sees it.
func (c *call) caller() triggers.Caller {
	return triggers.Caller{Project: c.project(), Admin: c.admin()}
}

// visibility restricts a list to what the caller may see, unless an
// admin asks for every project (all_projects, or for executions a
// project_id filter, as Mistral 15 allows).
func (c *call) visibility(spec *listSpec) (*storage.Visibility, error) {
	if c.admin() && (c.has("all_projects") && c.flag("all_projects") || spec.collection == "executions" && c.has("project_id")) {
		return nil, nil
	}
	v := &storage.Visibility{Project: c.project()}
	if spec.collection == "workflows" {
		shared, err := c.s.defs.SharedIDs(v.Project)
		if err != nil {
			return nil, err
		}
		v.Shared = shared
	}
	return v, nil
}

// visibleRun reports whether the caller may see a record of the runtime
// (execution, task, action execution) of project p: its own, or any for
// an admin reading by id. A nil call (an internal read) sees everything.
// A record without a project belongs to the default one.
func (c *call) visibleRun(p string) bool {
	if p == "" {
		p = storage.DefaultProject
	}
	return c == nil || p == c.project() || c.admin()
}

// foreignWorkflow is Mistral's answer to a change of a workflow the
// caller sees (public, or shared with it) but does not own.
func foreignWorkflow(wf *storage.Workflow) error {
	return &storage.ForbiddenError{Msg: "Can not access WorkflowDefinition resource of other projects, ID: " + wf.ID}
}
