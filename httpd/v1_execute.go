package httpd

import (
	"context"
	"errors"
	"math"
	"net/http"
	"time"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// v1 executions: POST /v1/workflows/{id}/execute runs the workflow's
// current definition, POST /v1/workflows/registrations/{id}/execute the
// definition of that registration. The answer is the execution as it
// stands (RUNNING); with wait_for_result the request waits for the end
// and a successful run answers {"execution_id", "result", "workflow_name"}.

// Bounds of the wait of a synchronous execute.
const (
	defaultSyncWait = 60 * time.Second
	maxSyncWait     = time.Hour
)

// v1ExecRequest is a decoded execution request.
type v1ExecRequest struct {
	id    string
	input *value.Map
	wait  bool
	limit time.Duration
}

func validExecutionID(id string) bool {
	if id == "" || len(id) > 256 {
		return false
	}
	for i := 0; i < len(id); i++ {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
			return false
		}
	}
	return true
}

// v1ExecBody decodes the WorkflowExecutionRequest body; fields this
// service has no use for (tracing, deployments) are accepted and ignored.
func (c *call) v1ExecBody() (*v1ExecRequest, error) {
	body, err := c.v1Body()
	if err != nil {
		return nil, err
	}
	req := &v1ExecRequest{limit: defaultSyncWait}
	if v, _ := body.Get("execution_id"); v != nil {
		id, ok := v.(string)
		if !ok || !validExecutionID(id) {
			return nil, unprocessable("execution_id may only hold letters, digits, '-' and '_' (1 to 256 of them)")
		}
		req.id = id
	}
	if v, _ := body.Get("input"); v != nil {
		m, ok := v.(*value.Map)
		if !ok {
			return nil, unprocessable("input must be a JSON object")
		}
		req.input = m
	}
	if v, _ := body.Get("encoded_input"); v != nil {
		return nil, unprocessable("encoded_input is not supported: send the input as input")
	}
	if v, ok := body.Get("wait_for_result"); ok {
		b, isBool := v.(bool)
		if !isBool {
			return nil, unprocessable("wait_for_result must be a boolean")
		}
		req.wait = b
	}
	if v, _ := body.Get("timeout_seconds"); v != nil {
		var secs float64
		switch x := v.(type) {
		case int64:
			secs = float64(x)
		case float64:
			secs = x
		default:
			return nil, unprocessable("timeout_seconds must be a number")
		}
		if secs < 0 || math.IsNaN(secs) {
			return nil, unprocessable("timeout_seconds must not be negative")
		}
		req.limit = maxSyncWait
		if secs < maxSyncWait.Seconds() {
			req.limit = time.Duration(secs * float64(time.Second))
		}
	}
	return req, nil
}

// v1Engine returns the engine, or an error when this server runs none.
func (s *Server) v1Engine() (actors.API, error) {
	if s.cfg.Engine == nil || s.cfg.Runtime == nil {
		return nil, &v1Error{http.StatusServiceUnavailable, "This server runs no engine: executions are not available."}
	}
	return s.cfg.Engine, nil
}

// errArchived refuses to execute an archived workflow.
func errArchived(id string) error {
	return &v1Error{http.StatusConflict, "Workflow " + id + " is archived: unarchive it to execute it."}
}

func (s *Server) v1ExecuteWorkflow(c *call) error {
	eng, err := s.v1Engine()
	if err != nil {
		return err
	}
	w, err := s.v1Find(c, c.ps.ByName("id"))
	if err != nil {
		return err
	}
	req, err := c.v1ExecBody()
	if err != nil {
		return err
	}
	if w.meta.Archived {
		return errArchived(w.wf.ID)
	}
	return s.v1Start(c, eng, req, actors.StartRequest{WorkflowID: w.wf.ID, WorkflowName: w.wf.Name,
		WorkflowNamespace: w.wf.Namespace})
}

func (s *Server) v1ExecuteRegistration(c *call, id string) error {
	eng, err := s.v1Engine()
	if err != nil {
		return err
	}
	r, w, err := s.v1Registration(c, id)
	if err != nil {
		return err
	}
	if w == nil {
		return &v1Error{http.StatusNotFound, "The workflow of registration " + id + " no longer exists."}
	}
	req, err := c.v1ExecBody()
	if err != nil {
		return err
	}
	if w.meta.Archived {
		return errArchived(w.wf.ID)
	}
	return s.v1Start(c, eng, req, actors.StartRequest{WorkflowID: r.WorkflowID, WorkflowName: r.Name,
		WorkflowNamespace: r.Namespace, Definition: r.Definition, Workbook: r.Workbook})
}

// v1Start starts the execution and answers, waiting for its end when
// asked to.
func (s *Server) v1Start(c *call, eng actors.API, req *v1ExecRequest, start actors.StartRequest) error {
	start.ID, start.Input, start.ProjectID = req.id, req.input, c.project()
	ex, err := eng.StartExecution(c.r.Context(), start)
	if err != nil {
		return err
	}
	if req.wait && !completed(ex.State) {
		if ex, err = s.waitExecution(c.r.Context(), ex.ID, req.limit); err != nil {
			return err
		}
	}
	if req.wait && ex.State == "SUCCESS" {
		resp := value.NewMap(3)
		resp.Set("execution_id", ex.ID)
		resp.Set("result", outputValue(ex))
		resp.Set("workflow_name", ex.WorkflowName)
		writeV1(c, resp)
		return nil
	}
	writeV1(c, v1Execution(ex))
	return nil
}

// waitExecution polls execution id until it completes, limit passes or
// the client goes away, and returns it as it then stands.
func (s *Server) waitExecution(ctx context.Context, id string, limit time.Duration) (*storage.Execution, error) {
	deadline := time.Now().Add(limit)
	delay := time.Millisecond
	timer := time.NewTimer(0)
	defer timer.Stop()
	<-timer.C
	for {
		ex, err := s.cfg.Runtime.Executions.Get(id)
		if errors.Is(err, storage.ErrNotFound) {
			return nil, notFound("WorkflowExecution not found [id=%s]", id)
		}
		if err != nil {
			return nil, err
		}
		left := time.Until(deadline)
		if completed(ex.State) || left <= 0 {
			return ex, nil
		}
		timer.Reset(min(delay, left))
		select {
		case <-ctx.Done():
			return ex, nil
		case <-timer.C:
		}
		delay = min(2*delay, 50*time.Millisecond)
	}
}

// v1Status maps an execution state to the v1 status.
func v1Status(state string) string {
	switch state {
	case "SUCCESS":
		return "COMPLETED"
	case "ERROR":
		return "FAILED"
	case "CANCELLED":
		return "CANCELED"
	}
	return "RUNNING"
}

// outputValue is the execution's output, or nil while it runs.
func outputValue(ex *storage.Execution) any {
	if !completed(ex.State) || ex.Output == nil {
		return nil
	}
	return ex.Output
}

// v1Execution is the WorkflowExecutionResponse of an execution.
func v1Execution(ex *storage.Execution) *value.Map {
	m := value.NewMap(7)
	if completed(ex.State) && ex.UpdatedAt != 0 {
		m.Set("end_time", v1Time(ex.UpdatedAt))
	} else {
		m.Set("end_time", nil)
	}
	m.Set("execution_id", ex.ID)
	m.Set("result", outputValue(ex))
	root := ex.RootExecutionID
	if root == "" {
		root = ex.ID
	}
	m.Set("root_execution_id", root)
	m.Set("start_time", v1Time(ex.CreatedAt))
	m.Set("status", v1Status(ex.State))
	m.Set("workflow_name", ex.WorkflowName)
	return m
}
