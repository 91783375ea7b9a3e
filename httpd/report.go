package httpd

import (
	"net/http"
	"strconv"
	"time"

	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/value"
)

// GET /v2/executions/{id}/report: statistics and the execution tree.

// reportStats are the counters of a report.
type reportStats struct {
	total, running, success, errors, idle, paused int
}

func (st *reportStats) count(state string) {
	switch state {
	case "RUNNING":
		st.running++
	case "SUCCESS":
		st.success++
	case "ERROR":
		st.errors++
	case "IDLE":
		st.idle++
	case "PAUSED":
		st.paused++
	default:
		return
	}
	st.total++
}

// report builds GET /v2/executions/{id}/report.
type report struct {
	s     *Server
	o     treeOptions
	stats reportStats
	b     []byte
}

func (s *Server) executionReport(c *call) error {
	id, err := c.pathUUID("id", "workflow_execution_id")
	if err != nil {
		return err
	}
	ex, err := s.execution(c, id)
	if err != nil {
		return err
	}
	rp := &report{s: s, o: c.treeOptions()}
	estimated, err := s.estimatedTime(ex, time.Now().Unix())
	if err != nil {
		return err
	}
	var root []byte
	if c.flag("statistics_only") {
		if err := rp.countExecution(ex, 0); err != nil {
			return err
		}
	} else {
		rp.b = make([]byte, 0, 4096)
		if err := rp.execution(ex, 0); err != nil {
			return err
		}
		root = rp.b
	}
	st := rp.stats
	b := make([]byte, 0, len(root)+256)
	b = append(b, `{"statistics": {"total_tasks_count": `...)
	b = strconv.AppendInt(b, int64(st.total), 10)
	b = append(b, `, "running_tasks_count": `...)
	b = strconv.AppendInt(b, int64(st.running), 10)
	b = append(b, `, "success_tasks_count": `...)
	b = strconv.AppendInt(b, int64(st.success), 10)
	b = append(b, `, "error_tasks_count": `...)
	b = strconv.AppendInt(b, int64(st.errors), 10)
	b = append(b, `, "idle_tasks_count": `...)
	b = strconv.AppendInt(b, int64(st.idle), 10)
	b = append(b, `, "paused_tasks_count": `...)
	b = strconv.AppendInt(b, int64(st.paused), 10)
	b = append(b, `, "estimated_time": `...)
	b = strconv.AppendInt(b, estimated, 10)
	b = append(b, '}')
	if root != nil {
		b = append(b, `, "root_workflow_execution": `...)
		b = append(b, root...)
	}
	writeJSON(c.w, http.StatusOK, append(b, '}'))
	return nil
}

// entryHead appends the fields every report entry shares.
func entryHead(b []byte, id, name string, created, updated int64, state, info string, hasInfo bool) []byte {
	b = append(b, `"id": `...)
	b = appendStr(b, id)
	b = append(b, `, "name": `...)
	b = appendStr(b, name)
	b = append(b, `, "created_at": `...)
	b = appendTime(b, created)
	b = append(b, `, "updated_at": `...)
	b = appendNullTime(b, updated)
	b = append(b, `, "state": `...)
	b = appendStr(b, state)
	b = append(b, `, "state_info": `...)
	return appendNullStr(b, info, hasInfo)
}

// execution appends the entry of ex: its tasks unless ex lies deeper
// than max_depth.
func (rp *report) execution(ex *storage.Execution, depth int) error {
	rp.b = append(rp.b, '{')
	rp.b = entryHead(rp.b, ex.ID, ex.WorkflowName, ex.CreatedAt, ex.UpdatedAt, ex.State, ex.StateInfo, ex.HasStateInfo)
	if rp.o.deeper(depth) {
		rp.b = append(rp.b, '}')
		return nil
	}
	tasks, err := rp.s.tasksOf(ex.ID)
	if err != nil {
		return err
	}
	rp.b = append(rp.b, `, "task_executions": [`...)
	first := true
	for _, t := range tasks {
		if rp.o.errorsOnly && t.State != "ERROR" {
			continue
		}
		if !first {
			rp.b = append(rp.b, ", "...)
		}
		first = false
		if err := rp.task(t, depth+1); err != nil {
			return err
		}
	}
	rp.b = append(rp.b, "]}"...)
	return nil
}

// task appends the entry of task t with its action and workflow
// executions.
func (rp *report) task(t *storage.Task, depth int) error {
	rp.stats.count(t.State)
	actions, err := rp.s.actionsOf(t.ID)
	if err != nil {
		return err
	}
	children, err := rp.s.childExecutions(t.ID)
	if err != nil {
		return err
	}
	rp.b = append(rp.b, `{"action_executions": [`...)
	for i, a := range actions {
		if i > 0 {
			rp.b = append(rp.b, ", "...)
		}
		rp.b = append(rp.b, `{"accepted": `...)
		rp.b = appendBool(rp.b, a.Accepted)
		rp.b = append(rp.b, `, "last_heartbeat": `...)
		hb := a.UpdatedAt
		if hb == 0 {
			hb = a.CreatedAt
		}
		rp.b = appendTime(rp.b, hb)
		rp.b = append(rp.b, ", "...)
		rp.b = entryHead(rp.b, a.ID, a.Name, a.CreatedAt, a.UpdatedAt, a.State, a.StateInfo, a.HasStateInfo)
		rp.b = append(rp.b, '}')
	}
	rp.b = append(rp.b, `], "workflow_executions": [`...)
	for i, ch := range children {
		if i > 0 {
			rp.b = append(rp.b, ", "...)
		}
		if err := rp.execution(ch, depth); err != nil {
			return err
		}
	}
	rp.b = append(rp.b, "], "...)
	if n, ok := retryCount(t); ok {
		rp.b = append(rp.b, `"retry_count": `...)
		rp.b = strconv.AppendInt(rp.b, n, 10)
		rp.b = append(rp.b, ", "...)
	}
	rp.b = entryHead(rp.b, t.ID, t.Name, t.CreatedAt, t.UpdatedAt, t.State, t.StateInfo, t.HasStateInfo)
	rp.b = append(rp.b, '}')
	return nil
}

// countExecution counts the tasks of the tree below ex
// (statistics_only).
func (rp *report) countExecution(ex *storage.Execution, depth int) error {
	if rp.o.deeper(depth) {
		return nil
	}
	tasks, err := rp.s.tasksOf(ex.ID)
	if err != nil {
		return err
	}
	for _, t := range tasks {
		if rp.o.errorsOnly && t.State != "ERROR" {
			continue
		}
		rp.stats.count(t.State)
		children, err := rp.s.childExecutions(t.ID)
		if err != nil {
			return err
		}
		for _, ch := range children {
			if err := rp.countExecution(ch, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

// retryCount returns runtime_context.retry_task_policy.retry_no.
func retryCount(t *storage.Task) (int64, bool) {
	if t.RuntimeContext == nil {
		return 0, false
	}
	p, _ := t.RuntimeContext.Get("retry_task_policy")
	pm, ok := p.(*value.Map)
	if !ok {
		return 0, false
	}
	n, ok := pm.Get("retry_no")
	if !ok {
		return 0, false
	}
	switch x := n.(type) {
	case int64:
		return x, true
	case float64:
		return int64(x), true
	}
	return 0, false
}

// estimatedLimit is how many previous executions the estimate averages.
const estimatedLimit = 20

// estimatedTime is Mistral's estimate of the seconds a RUNNING execution
// has left: the mean duration of up to 20 successful executions of the
// same workflow minus the time it has run; -1 without history, 1 when
// the estimate is exceeded, 0 when ex is not running.
func (s *Server) estimatedTime(ex *storage.Execution, now int64) (int64, error) {
	if ex.State != "RUNNING" {
		return 0, nil
	}
	q := storage.Query{Limit: estimatedLimit, Filters: []storage.Filter{
		{Field: "state", Op: storage.Eq, Value: "SUCCESS"},
		{Field: "workflow_id", Op: storage.Eq, Value: ex.WorkflowID},
	}}
	prev, err := s.cfg.Runtime.Executions.List(q)
	if err != nil {
		return 0, err
	}
	if len(prev) == 0 {
		return -1, nil
	}
	var sum int64
	for _, p := range prev {
		if p.UpdatedAt > p.CreatedAt {
			sum += p.UpdatedAt - p.CreatedAt
		}
	}
	left := sum/int64(len(prev)) - (now - ex.CreatedAt)
	if left < 0 {
		return 1, nil
	}
	return left, nil
}
