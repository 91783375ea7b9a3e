package load

import (
	"fmt"
	"io"
	"sort"
	"strings"
)

// Result is the outcome of one load run. Rates count only executions
// seen finished; wall time runs from the first start sent to the last
// completion seen.
type Result struct {
	Scenario    string  `json:"scenario"`
	Title       string  `json:"title"`
	URL         string  `json:"url"`
	Mode        string  `json:"mode"`
	Workflow    string  `json:"workflow"`
	Concurrency int     `json:"concurrency"`
	N           int     `json:"n,omitempty"`
	Rate        float64 `json:"rate,omitempty"`
	DurationS   float64 `json:"duration_s,omitempty"`

	// Execution scenarios.
	Detect             string  `json:"detect,omitempty"`
	PollMS             float64 `json:"poll_ms,omitempty"`
	Started            int     `json:"started,omitempty"`
	Succeeded          int     `json:"succeeded,omitempty"`
	Failed             int     `json:"failed,omitempty"`
	Unfinished         int     `json:"unfinished,omitempty"`
	StartErrors        int     `json:"start_errors,omitempty"`
	PollErrors         int     `json:"poll_errors,omitempty"`
	TimedOut           bool    `json:"timed_out,omitempty"`
	SubmitS            float64 `json:"submit_s,omitempty"`
	LateStarts         int     `json:"late_starts,omitempty"`
	StartRate          float64 `json:"start_rate,omitempty"`
	ExecPerS           float64 `json:"executions_per_s,omitempty"`
	TasksPerS          float64 `json:"task_transitions_per_s,omitempty"`
	ActionsPerS        float64 `json:"actions_per_s,omitempty"`
	StartLatency       Dist    `json:"start_latency"`
	CompletionLatency  Dist    `json:"completion_latency"`
	BacklogMax         int     `json:"backlog_max,omitempty"`
	BacklogAtLastStart int     `json:"backlog_at_last_start,omitempty"`
	BacklogSeries      []int   `json:"backlog_per_s,omitempty"`
	DrainS             float64 `json:"drain_s,omitempty"`
	Polls              int     `json:"polls,omitempty"`
	PollRequests       int     `json:"poll_requests,omitempty"`
	PollRows           int     `json:"poll_rows,omitempty"`
	PollMeanMS         float64 `json:"poll_mean_ms,omitempty"`

	// GET scenarios.
	Path          string  `json:"path,omitempty"`
	Requests      int     `json:"requests,omitempty"`
	RequestErrors int     `json:"request_errors,omitempty"`
	ReqPerS       float64 `json:"requests_per_s,omitempty"`
	Latency       Dist    `json:"latency"`
	// SendLag is how late paced requests were sent (the client's own
	// scheduling delay, included in Latency).
	SendLag Dist `json:"send_lag,omitempty"`
	// Service is the latency of paced requests from when they were
	// actually sent.
	Service Dist `json:"service_latency,omitempty"`

	WallS float64 `json:"wall_s"`
	CPU   CPU     `json:"cpu"`
	// ServerCPUms is the server's CPU milliseconds per execution (per
	// request in GET scenarios), per task and per action.
	ServerCPUms        float64  `json:"server_cpu_ms_per_unit,omitempty"`
	ServerCPUmsPerTask float64  `json:"server_cpu_ms_per_task,omitempty"`
	Errors             []string `json:"errors,omitempty"`

	ids []string
}

// IDs returns the executions the run started, in acknowledgement order.
func (r *Result) IDs() []string { return r.ids }

func (r *Result) finish(sc *Scenario) {
	if sc.Get != "" {
		if r.WallS > 0 {
			r.ReqPerS = float64(r.Requests) / r.WallS
		}
		if r.CPU.Measured && r.Requests > 0 {
			r.ServerCPUms = 1000 * r.CPU.ServerTotal / float64(r.Requests)
		}
		return
	}
	if r.SubmitS > 0 {
		r.StartRate = float64(r.Started) / r.SubmitS
	}
	if r.WallS > 0 {
		r.ExecPerS = float64(r.Succeeded) / r.WallS
		r.TasksPerS = float64(r.Succeeded*sc.Tasks) / r.WallS
		r.ActionsPerS = float64(r.Succeeded*sc.Actions) / r.WallS
		if r.SubmitS > 0 && r.WallS > r.SubmitS {
			r.DrainS = r.WallS - r.SubmitS
		}
	}
	if r.CPU.Measured && r.Succeeded > 0 {
		r.ServerCPUms = 1000 * r.CPU.ServerTotal / float64(r.Succeeded)
		r.ServerCPUmsPerTask = r.ServerCPUms / float64(sc.Tasks)
	}
}

// OK reports whether the run had no errors: every start acknowledged,
// every execution succeeded in time, every request answered 2xx.
func (r *Result) OK() bool {
	return r.StartErrors == 0 && r.Failed == 0 && r.Unfinished == 0 && !r.TimedOut && r.RequestErrors == 0 && r.PollErrors == 0
}

// WriteTable writes results as a plain-text table.
func WriteTable(w io.Writer, rs []*Result) {
	fmt.Fprintf(w, "%-30s %-6s %11s %8s %10s %11s %21s %21s %9s\n",
		"scenario", "mode", "ok/N", "wall s", "exec/s", "tasks/s", "start p50/p90/p99 ms", "done p50/p90/p99 ms", "srv ms/ex")
	for _, r := range rs {
		if r.Mode == "get" {
			fmt.Fprintf(w, "%-30s %-6s %11s %8.2f %10s %11s %21s %21s %9s\n",
				r.Title, fmt.Sprintf("get×%d", r.Concurrency), fmt.Sprintf("%d/%d", r.Requests-r.RequestErrors, r.Requests), r.WallS,
				fmt.Sprintf("%.0f r/s", r.ReqPerS), "", dist3(r.Latency), "", cpuMS(r))
			continue
		}
		fmt.Fprintf(w, "%-30s %-6s %11s %8.2f %10.1f %11.1f %21s %21s %9s\n",
			r.Title, r.Mode, fmt.Sprintf("%d/%d", r.Succeeded, r.N), r.WallS, r.ExecPerS, r.TasksPerS,
			dist3(r.StartLatency), dist3(r.CompletionLatency), cpuMS(r))
	}
	for _, r := range rs {
		var notes []string
		if r.Mode != "get" {
			notes = append(notes, fmt.Sprintf("detect=%s poll=%.0fms polls=%d rows=%d mean %.1fms", r.Detect, r.PollMS, r.Polls, r.PollRows, r.PollMeanMS))
			notes = append(notes, fmt.Sprintf("submit %.2fs (%.0f/s) backlog max %d", r.SubmitS, r.StartRate, r.BacklogMax))
			if r.Mode == ModeSteady {
				notes = append(notes, fmt.Sprintf("at last start %d, drain %.2fs, late starts %d", r.BacklogAtLastStart, r.DrainS, r.LateStarts))
			}
			if n := r.StartErrors + r.Failed + r.Unfinished + r.PollErrors; n > 0 {
				notes = append(notes, fmt.Sprintf("ERRORS start=%d failed=%d unfinished=%d poll=%d", r.StartErrors, r.Failed, r.Unfinished, r.PollErrors))
			}
		} else {
			if r.Rate > 0 {
				notes = append(notes, fmt.Sprintf("paced at %.0f/s: latency from when due; from when sent p50/p90/p99 %s ms; send lag %s ms", r.Rate, dist3(r.Service), dist3(r.SendLag)))
			} else {
				notes = append(notes, "closed loop")
			}
			notes = append(notes, fmt.Sprintf("%s; mean %.2fms max %.1fms", r.Path, r.Latency.Mean, r.Latency.Max))
			if r.RequestErrors > 0 {
				notes = append(notes, fmt.Sprintf("ERRORS %d", r.RequestErrors))
			}
		}
		notes = append(notes, cpuLine(r.CPU))
		fmt.Fprintf(w, "  %s: %s\n", r.Scenario, strings.Join(notes, "; "))
		for _, e := range r.Errors {
			fmt.Fprintf(w, "    error: %s\n", e)
		}
	}
}

func dist3(d Dist) string {
	if d.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%s/%s/%s", num(d.P50), num(d.P90), num(d.P99))
}

// num prints a latency with about three significant digits.
func num(ms float64) string {
	switch {
	case ms < 10:
		return fmt.Sprintf("%.2f", ms)
	case ms < 100:
		return fmt.Sprintf("%.1f", ms)
	default:
		return fmt.Sprintf("%.0f", ms)
	}
}

func cpuMS(r *Result) string {
	if !r.CPU.Measured || r.ServerCPUms == 0 {
		return "-"
	}
	return num(r.ServerCPUms)
}

func cpuLine(c CPU) string {
	s := fmt.Sprintf("machine %.0f%% of %d cores", c.MachineBusyPct, c.Cores)
	if c.Measured {
		keys := make([]string, 0, len(c.Server))
		for k := range c.Server {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		parts := make([]string, 0, len(keys))
		for _, k := range keys {
			parts = append(parts, fmt.Sprintf("%s=%.2f", k, c.Server[k]))
		}
		s += "; server cpu-s " + strings.Join(parts, " ")
	}
	return s + fmt.Sprintf("; client %.2f other %.2f", c.Client, c.Other)
}
