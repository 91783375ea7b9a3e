package actions

import (
	"context"
	"errors"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

const testModule = `from mistral_lib import actions

class Hello(actions.Action):
    """Says hello."""
    def __init__(self, name, greeting="Hello", **extra):
        self.name = name
        self.greeting = greeting

    def run(self, context):
        print("noise on stdout")
        return "%s, %s" % (self.greeting, self.name)

class Boom(actions.Action):
    def run(self, context):
        raise ValueError("boom!")

class Payload(actions.Action):
    def run(self, context):
        return actions.Result(error={"code": 7})

class Ctx(actions.Action):
    def run(self, context):
        e = context.execution
        return [e.workflow_name, e.task_execution_id, e.action_execution_id, e.callback_url]

class Odd(actions.Action):
    def run(self, context):
        return {"set": {1}, "obj": object.__name__, "t": (1, 2)}

class Sleepy(actions.Action):
    def run(self, context):
        import time
        time.sleep(30)

class Greedy(actions.Action):
    def run(self, context):
        return len(bytearray(2 << 30))

class Big(actions.Action):
    def run(self, context):
        return "x" * 5000
`

// testPython returns a runner over the system's python3, or skips.
func testPython(t *testing.T, cfg PythonConfig) *Python {
	t.Helper()
	if cfg.Path == "" {
		for _, p := range []string{"/usr/bin/python3", "python3"} {
			if _, err := exec.LookPath(p); err == nil {
				cfg.Path = p
				break
			}
		}
	}
	p := NewPython(cfg)
	if !p.Available() {
		t.Skip("python3 is not installed")
	}
	return p
}

func TestPythonInspect(t *testing.T) {
	p := testPython(t, PythonConfig{})
	info, err := p.Inspect(context.Background(), "mod", testModule, "Hello")
	if err != nil || info.Input != `name, greeting="Hello", **extra` || info.Doc != "Says hello." || !info.HasDoc {
		t.Fatalf("Hello: %+v %v", info, err)
	}
	info, err = p.Inspect(context.Background(), "mod", testModule, "Boom")
	if err != nil || info.Input != "" || info.HasDoc {
		t.Fatalf("Boom: %+v %v", info, err)
	}
	if _, err := p.Inspect(context.Background(), "mod", testModule, "Nope"); err == nil ||
		err.Error() != "module 'mod' has no attribute 'Nope'" {
		t.Fatalf("missing class: %v", err)
	}
	if _, err := p.Inspect(context.Background(), "mod", "def broken(:\n", "X"); err == nil ||
		!strings.Contains(err.Error(), "invalid syntax") {
		t.Fatalf("syntax error: %v", err)
	}
}

func dynamicAction(t *testing.T, p *Python, class string) *Action {
	t.Helper()
	return dynamicActionOf(t, p, p, class)
}

// dynamicActionOf inspects class with in and makes its action run by p.
func dynamicActionOf(t *testing.T, in, p *Python, class string) *Action {
	t.Helper()
	info, err := in.Inspect(context.Background(), "mod", testModule, class)
	if err != nil {
		t.Fatal(err)
	}
	a, err := p.Action(&DynamicDef{ID: "id-" + class, Name: "dyn_" + class, Module: "mod", Source: testModule, Class: class,
		Input: info.Input, Description: info.Doc, HasDescription: info.HasDoc, Inspected: true})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func runDynamic(t *testing.T, a *Action, input *value.Map, ec *ExecContext) Result {
	t.Helper()
	call, err := a.Bind(input)
	if err != nil {
		t.Fatal(err)
	}
	return call.Run(context.Background(), ec, 0)
}

func TestPythonRunResults(t *testing.T) {
	p := testPython(t, PythonConfig{})
	hello := dynamicAction(t, p, "Hello")
	in := value.NewMap(1)
	in.Set("name", "Bob")
	if r := runDynamic(t, hello, in, nil); r.State != StateSuccess || r.Data != "Hello, Bob" {
		t.Fatalf("Hello: %+v", r)
	}
	bad := value.NewMap(1)
	bad.Set("x", 1)
	// With **extra the input is not checked (as in Mistral): the class
	// itself complains.
	r := runDynamic(t, hello, bad, nil)
	if text, _ := r.Data.(string); r.State != StateError || !strings.Contains(text, "missing 1 required positional argument: 'name'") {
		t.Fatalf("Hello without name: %+v", r)
	}
	var ie *InputError
	boom := dynamicAction(t, p, "Boom")
	if _, err := boom.Bind(in); !errors.As(err, &ie) ||
		ie.Msg != "Invalid input [name=dyn_Boom, class=mod.Boom, unexpected=['name']]" {
		t.Fatalf("Boom input check: %v", err)
	}
	r = runDynamic(t, boom, value.NewMap(0), &ExecContext{ActionExecutionID: "a1"})
	text, _ := r.Data.(string)
	if r.State != StateError || !strings.HasPrefix(text, "The action raised an exception [action="+DynamicRepr) ||
		!strings.HasSuffix(text, ">, action_ex_id=a1, msg='boom!']") {
		t.Fatalf("Boom: %+v", r)
	}
	if r := runDynamic(t, dynamicAction(t, p, "Payload"), value.NewMap(0), nil); r.State != StateError ||
		value.MarshalPy(r.Data) != `{"code": 7}` {
		t.Fatalf("Payload: %+v", r)
	}
	ec := &ExecContext{WorkflowName: "wf", TaskExecutionID: "t1", ActionExecutionID: "a1"}
	if r := runDynamic(t, dynamicAction(t, p, "Ctx"), value.NewMap(0), ec); r.State != StateSuccess ||
		value.MarshalPy(r.Data) != `["wf", "t1", "a1", "/v2/action_executions/a1"]` {
		t.Fatalf("Ctx: %+v", r)
	}
	if r := runDynamic(t, dynamicAction(t, p, "Odd"), value.NewMap(0), nil); r.State != StateSuccess ||
		value.MarshalPy(r.Data) != `{"set": [1], "obj": "object", "t": [1, 2]}` {
		t.Fatalf("Odd: %+v", r)
	}
}

func TestPythonLimits(t *testing.T) {
	p := testPython(t, PythonConfig{Timeout: 2 * time.Second, Memory: 256 << 20, MaxOutput: 1000})
	in := testPython(t, PythonConfig{})
	r := runDynamic(t, dynamicActionOf(t, in, p, "Sleepy"), value.NewMap(0), nil)
	if text, _ := r.Data.(string); r.State != StateError || !strings.HasSuffix(text, "msg='2 seconds']") {
		t.Fatalf("Sleepy: %+v", r)
	}
	r = runDynamic(t, dynamicActionOf(t, in, p, "Greedy"), value.NewMap(0), nil)
	if text, _ := r.Data.(string); r.State != StateError || !strings.HasSuffix(text, "msg='MemoryError']") {
		t.Fatalf("Greedy: %+v", r)
	}
	r = runDynamic(t, dynamicActionOf(t, in, p, "Big"), value.NewMap(0), nil)
	if text, _ := r.Data.(string); r.State != StateError || !strings.Contains(text, "larger than 1000 bytes") {
		t.Fatalf("Big: %+v", r)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := p.Run(ctx, "mod", testModule, "Sleepy", nil, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled run: %v", err)
	}
}

func TestPythonMissingInterpreter(t *testing.T) {
	p := NewPython(PythonConfig{Path: "/nonexistent/python3"})
	if p.Available() {
		t.Fatal("a missing interpreter is available")
	}
	a, err := p.Action(&DynamicDef{Name: "d", Module: "m", Class: "K"})
	if err != nil {
		t.Fatal(err)
	}
	in := value.NewMap(1)
	in.Set("anything", 1)
	r := runDynamic(t, a, in, nil)
	want := "msg='dynamic actions need a Python interpreter, and /nonexistent/python3 is not installed on this node']"
	if text, _ := r.Data.(string); r.State != StateError || !strings.HasSuffix(text, want) {
		t.Fatalf("no interpreter: %+v", r)
	}
	if _, err := p.Inspect(context.Background(), "m", "", "K"); err == nil {
		t.Fatal("inspect without an interpreter succeeded")
	}
}

func TestDynamicActionsFinder(t *testing.T) {
	p := NewPython(PythonConfig{Path: "/nonexistent/python3"})
	def := &DynamicDef{ID: "d1", Name: "dyn", Module: "m", Source: "x", SourceVersion: 1, Class: "K", Input: "a", Inspected: true}
	loads := 0
	f := NewDynamicActions(p, func(project, namespace, name string) (*DynamicDef, error) {
		loads++
		if name != "dyn" {
			return nil, nil
		}
		c := *def
		return &c, nil
	})
	a1, ok, err := f.FindAction("p", "", "dyn")
	if err != nil || !ok || a1.Name != "dyn" || a1.Class != "m.K" || a1.Signature.String() != "a" {
		t.Fatalf("find: %+v %v %v", a1, ok, err)
	}
	if a2, _, _ := f.FindAction("p", "", "dyn"); a2 != a1 {
		t.Fatal("an unchanged definition was rebuilt")
	}
	def.SourceVersion = 2
	if a3, _, _ := f.FindAction("p", "", "dyn"); a3 == a1 {
		t.Fatal("a changed definition was not rebuilt")
	}
	if _, ok, err := f.FindAction("p", "", "other"); ok || err != nil {
		t.Fatalf("unknown name: %v %v", ok, err)
	}
	if loads != 4 {
		t.Fatalf("loads = %d", loads)
	}
}
