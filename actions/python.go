package actions

import (
	"bytes"
	"context"
	_ "embed"
	"errors"
	"fmt"
	"math"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Dynamic actions run Python: each run starts a python3 interpreter with
// a small driver (python_driver.py) that limits its own resources
// (address space, CPU time, file size, no core dumps), provides the
// mistral_lib names a module needs (Action, Result), loads the code
// source as a module, builds the class with the input as keyword
// arguments and calls run(context). Request and answer are JSON over the
// process's stdin and stdout; what the module prints goes to stderr.

//go:embed python_driver.py
var pythonDriver string

// PythonConfig configures Python. Zero fields take the defaults.
type PythonConfig struct {
	// Path is the interpreter; "" looks python3 up in PATH.
	Path string
	// Timeout bounds one run in wall-clock time (default 60s); the CPU
	// time limit is the same number of seconds, rounded up, plus one.
	Timeout time.Duration
	// Memory is the address-space limit of the interpreter in bytes
	// (default 512 MiB).
	Memory int64
	// MaxOutput bounds the answer (the JSON result) in bytes (default
	// 16 MiB).
	MaxOutput int
	// MaxProcs bounds the interpreters running at once (default the
	// number of CPUs); more runs wait for a free slot.
	MaxProcs int
}

// Python runs classes of Python modules in bounded subprocesses. It is
// safe for concurrent use.
type Python struct {
	cfg     PythonConfig
	path    string
	lookErr error
	slots   chan struct{}
}

// NewPython returns a runner. A missing interpreter is not an error
// here: every run then fails with a clear message (see Available).
func NewPython(cfg PythonConfig) *Python {
	if cfg.Timeout <= 0 {
		cfg.Timeout = 60 * time.Second
	}
	if cfg.Memory <= 0 {
		cfg.Memory = 512 << 20
	}
	if cfg.MaxOutput <= 0 {
		cfg.MaxOutput = 16 << 20
	}
	if cfg.MaxProcs <= 0 {
		cfg.MaxProcs = runtime.NumCPU()
	}
	p := &Python{cfg: cfg, slots: make(chan struct{}, cfg.MaxProcs)}
	name := cfg.Path
	if name == "" {
		name = "python3"
	}
	p.path, p.lookErr = exec.LookPath(name)
	return p
}

// Available reports whether the interpreter was found.
func (p *Python) Available() bool { return p.lookErr == nil }

// unavailable is the error of every run without an interpreter.
func (p *Python) unavailable() error {
	name := p.cfg.Path
	if name == "" {
		name = "python3"
	}
	return fmt.Errorf("dynamic actions need a Python interpreter, and %s is not installed on this node", name)
}

// ClassInfo is what Inspect reads from a class.
type ClassInfo struct {
	// Input is the parameter spec of the class's __init__, as Mistral
	// shows it (`name, greeting="Hello"`).
	Input string
	// Doc is the class docstring (HasDoc false when it has none).
	Doc    string
	HasDoc bool
}

// Inspect loads module (its text is source) and reads the parameter
// spec and docstring of class.
func (p *Python) Inspect(ctx context.Context, module, source, class string) (ClassInfo, error) {
	ans, err := p.call(ctx, pyRequest{Mode: "inspect", Module: module, Source: source, Class: class})
	if err != nil {
		return ClassInfo{}, err
	}
	if ok, _ := ans.Get("ok"); ok != true {
		return ClassInfo{}, errors.New(answerText(ans, "message"))
	}
	info := ClassInfo{Input: answerText(ans, "input")}
	if d, ok := ans.Get("doc"); ok && d != nil {
		info.Doc, info.HasDoc = value.Str(d), true
	}
	return info, nil
}

// Run builds class of module with input as keyword arguments and runs
// it. It returns the result data; an ErrorResult when the action returned
// a Result with an error; any other error when it raised (the text is the
// exception's message), could not be loaded, or broke a limit.
func (p *Python) Run(ctx context.Context, module, source, class string, input *value.Map, ec *ExecContext) (any, error) {
	req := pyRequest{Mode: "run", Module: module, Source: source, Class: class, Input: input, Context: execContextMap(ec)}
	ans, err := p.call(ctx, req)
	if err != nil {
		return nil, err
	}
	if ok, _ := ans.Get("ok"); ok == true {
		r, _ := ans.Get("result")
		return r, nil
	}
	switch answerText(ans, "kind") {
	case "error":
		e, _ := ans.Get("error")
		return nil, ErrorResult(e)
	case "cancel":
		return nil, errors.New("the action cancelled itself")
	}
	return nil, errors.New(answerText(ans, "message"))
}

// pyRequest is the driver's input.
type pyRequest struct {
	Mode, Module, Source, Class string
	Input                       *value.Map
	Context                     *value.Map
}

func (p *Python) requestJSON(r pyRequest) []byte {
	limits := value.NewMap(3)
	limits.Set("memory", p.cfg.Memory)
	limits.Set("cpu", int64(math.Ceil(p.cfg.Timeout.Seconds()))+1)
	limits.Set("fsize", int64(64<<20))
	m := value.NewMap(7)
	m.Set("mode", r.Mode)
	m.Set("module", r.Module)
	m.Set("source", r.Source)
	m.Set("class", r.Class)
	if r.Input != nil {
		m.Set("input", r.Input)
	}
	if r.Context != nil {
		m.Set("context", r.Context)
	}
	m.Set("limits", limits)
	return value.AppendPy(make([]byte, 0, len(r.Source)+256), m)
}

func execContextMap(ec *ExecContext) *value.Map {
	m := value.NewMap(6)
	if ec == nil {
		return m
	}
	set := func(k, v string) {
		if v == "" {
			m.Set(k, nil)
		} else {
			m.Set(k, v)
		}
	}
	set("workflow_name", ec.WorkflowName)
	set("workflow_namespace", ec.WorkflowNamespace)
	set("workflow_execution_id", ec.WorkflowExecutionID)
	set("task_execution_id", ec.TaskExecutionID)
	set("action_execution_id", ec.ActionExecutionID)
	set("callback_url", ec.Callback())
	return m
}

func answerText(m *value.Map, k string) string {
	v, _ := m.Get(k)
	if v == nil {
		return ""
	}
	return value.Str(v)
}

// errRunTimeout is the cancellation cause of a run's own time limit.
var errRunTimeout = errors.New("python run timeout")

// call runs the driver once and decodes its answer.
func (p *Python) call(ctx context.Context, r pyRequest) (*value.Map, error) {
	if p.lookErr != nil {
		return nil, p.unavailable()
	}
	select {
	case p.slots <- struct{}{}:
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	defer func() { <-p.slots }()

	ctx, cancel := context.WithTimeoutCause(ctx, p.cfg.Timeout, errRunTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, p.path, "-I", "-c", pythonDriver)
	cmd.Stdin = bytes.NewReader(p.requestJSON(r))
	out := &limitedBuffer{max: p.cfg.MaxOutput}
	errTail := &tailBuffer{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = out, errTail
	cmd.Env = []string{"PATH=" + os.Getenv("PATH"), "LANG=C.UTF-8", "LC_ALL=C.UTF-8"}
	cmd.Dir = os.TempDir()
	isolate(cmd)
	cmd.WaitDelay = 2 * time.Second
	runErr := cmd.Run()
	if ctx.Err() != nil {
		if context.Cause(ctx) == errRunTimeout {
			return nil, errors.New(TimeoutText(p.cfg.Timeout))
		}
		return nil, ctx.Err()
	}
	if out.over {
		return nil, fmt.Errorf("the action's result is larger than %d bytes", p.cfg.MaxOutput)
	}
	if out.buf.Len() == 0 {
		return nil, p.processError(runErr, errTail.String())
	}
	v, err := value.Decode(out.buf.Bytes())
	m, ok := v.(*value.Map)
	if err != nil || !ok {
		return nil, fmt.Errorf("python3 answered with something that is not a JSON object: %.200s", out.buf.String())
	}
	return m, nil
}

// processError explains an interpreter that ended without an answer.
func (p *Python) processError(runErr error, stderr string) error {
	last := strings.TrimSpace(stderr)
	if i := strings.LastIndexByte(last, '\n'); i >= 0 {
		last = last[i+1:]
	}
	var ee *exec.ExitError
	if errors.As(runErr, &ee) {
		if sig := exitSignal(ee); sig != "" {
			if sig == "SIGXCPU" || sig == "SIGKILL" && strings.Contains(stderr, "CPU") {
				return fmt.Errorf("python3 exceeded its CPU time limit (%d s)", int64(math.Ceil(p.cfg.Timeout.Seconds()))+1)
			}
			return fmt.Errorf("python3 was killed by %s%s", sig, suffix(last))
		}
		return fmt.Errorf("python3 exited with status %d%s", ee.ExitCode(), suffix(last))
	}
	if runErr != nil {
		return fmt.Errorf("python3 could not run: %v", runErr)
	}
	return fmt.Errorf("python3 gave no answer%s", suffix(last))
}

func suffix(s string) string {
	if s == "" {
		return ""
	}
	return ": " + s
}

// limitedBuffer keeps up to max bytes and notes an overflow; it never
// fails a write, so the process is drained. (It has no ReadFrom, so
// io.Copy goes through Write.)
type limitedBuffer struct {
	buf  bytes.Buffer
	max  int
	over bool
}

func (b *limitedBuffer) Write(p []byte) (int, error) {
	if room := b.max - b.buf.Len(); len(p) > room {
		b.over = true
		if room > 0 {
			b.buf.Write(p[:room])
		}
		return len(p), nil
	}
	return b.buf.Write(p)
}

// tailBuffer keeps the last max bytes written.
type tailBuffer struct {
	b   []byte
	max int
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.b = append(t.b, p...)
	if len(t.b) > t.max {
		t.b = append(t.b[:0], t.b[len(t.b)-t.max:]...)
	}
	return len(p), nil
}

func (t *tailBuffer) String() string { return string(t.b) }
