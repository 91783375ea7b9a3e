package actions

import (
	"context"
	"errors"
	"fmt"
	"runtime/metrics"
	"sync"
	"time"

	"github.com/dop251/goja"

	"github.com/mistral-go/mistral-go/value"
)

// JSConfig bounds std.javascript / std.js runs. Zero fields take the
// defaults shown.
type JSConfig struct {
	// MaxRunTime bounds one script run (default 60s); the action timeout,
	// when shorter, wins.
	MaxRunTime time.Duration
	// MaxHeapGrowth interrupts a script while the process heap has grown
	// by more than this since the script started (default 512 MiB).
	MaxHeapGrowth uint64
	// MaxCallStack bounds the JavaScript call stack depth (default 4096).
	MaxCallStack int
	// CacheSize is how many compiled scripts are kept (default 1024).
	CacheSize int
}

// jsRunner runs scripts on goja, one fresh runtime per run (scripts cannot
// see each other's globals), compiling each distinct script once.
type jsRunner struct {
	cfg JSConfig

	mu       sync.Mutex
	programs map[string]*goja.Program
}

func newJSRunner(cfg JSConfig) *jsRunner {
	cfg.MaxRunTime = durationOr(cfg.MaxRunTime, 60*time.Second)
	cfg.MaxHeapGrowth = orDefault(cfg.MaxHeapGrowth, 512<<20)
	cfg.MaxCallStack = orDefault(cfg.MaxCallStack, 4096)
	cfg.CacheSize = orDefault(cfg.CacheSize, 1024)
	return &jsRunner{cfg: cfg, programs: make(map[string]*goja.Program)}
}

// bind: script must be text; context is any JSON value, bound to $.
func (j *jsRunner) bind(args Args) (runFunc, error) {
	script, jsCtx := args.Get("script"), args.Get("context")
	return func(ctx context.Context, _ *ExecContext) (any, error) {
		s, ok := script.(string)
		if !ok {
			s = value.Str(script)
		}
		out, err := j.run(ctx, s, jsCtx)
		if err != nil && ctx.Err() == nil {
			return nil, errors.New("JavaScriptAction failed: " + err.Error())
		}
		return out, err
	}, nil
}

// program compiles `function f() { <script> } f()` once per script.
func (j *jsRunner) program(script string) (*goja.Program, error) {
	j.mu.Lock()
	p, ok := j.programs[script]
	j.mu.Unlock()
	if ok {
		return p, nil
	}
	p, err := goja.Compile("", "function f() {\n"+script+"\n}\nf()\n", false)
	if err != nil {
		return nil, err
	}
	j.mu.Lock()
	if len(j.programs) >= j.cfg.CacheSize {
		clear(j.programs)
	}
	j.programs[script] = p
	j.mu.Unlock()
	return p, nil
}

var errJSTooLong = errors.New("script ran out of time")

func (j *jsRunner) run(ctx context.Context, script string, jsContext any) (any, error) {
	prog, err := j.program(script)
	if err != nil {
		return nil, err
	}
	vm := goja.New()
	vm.SetMaxCallStackSize(j.cfg.MaxCallStack)
	jsonObj := vm.Get("JSON").ToObject(vm)
	parse, _ := goja.AssertFunction(jsonObj.Get("parse"))
	stringify, _ := goja.AssertFunction(jsonObj.Get("stringify"))
	ctxVal, err := parse(jsonObj, vm.ToValue(string(value.AppendCompact(nil, jsContext))))
	if err != nil {
		return nil, err
	}
	if err := vm.Set("$", ctxVal); err != nil {
		return nil, err
	}

	stop := make(chan struct{})
	done := make(chan struct{})
	go j.watch(ctx, vm, stop, done)
	res, err := vm.RunProgram(prog)
	var out goja.Value
	if err == nil {
		out, err = stringify(jsonObj, res)
	}
	close(stop)
	<-done
	if err != nil {
		var ie *goja.InterruptedError
		if errors.As(err, &ie) {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			if e, ok := ie.Value().(error); ok {
				return nil, e
			}
			return nil, fmt.Errorf("%v", ie.Value())
		}
		var so *goja.StackOverflowError
		if errors.As(err, &so) {
			return nil, errors.New("RangeError: Maximum call stack size exceeded")
		}
		var ex *goja.Exception
		if errors.As(err, &ex) {
			return nil, errors.New(ex.Value().String())
		}
		return nil, err
	}
	if out == nil || goja.IsUndefined(out) || goja.IsNull(out) {
		return nil, nil
	}
	return value.DecodeString(out.String())
}

// watch interrupts the runtime when ctx is done, the run time is up, or
// the heap grows past the limit; it returns when stop is closed.
func (j *jsRunner) watch(ctx context.Context, vm *goja.Runtime, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	limit := time.NewTimer(j.cfg.MaxRunTime)
	defer limit.Stop()
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	metrics.Read(sample)
	base := heapBytes(sample)
	for {
		select {
		case <-stop:
			return
		case <-ctx.Done():
			vm.Interrupt(ctx.Err())
			return
		case <-limit.C:
			vm.Interrupt(fmt.Errorf("%w after %s", errJSTooLong, j.cfg.MaxRunTime))
			return
		case <-tick.C:
			metrics.Read(sample)
			if now := heapBytes(sample); now > base && now-base > j.cfg.MaxHeapGrowth {
				vm.Interrupt(fmt.Errorf("script used more than %d bytes of memory", j.cfg.MaxHeapGrowth))
				return
			}
		}
	}
}

func heapBytes(s []metrics.Sample) uint64 {
	if s[0].Value.Kind() == metrics.KindUint64 {
		return s[0].Value.Uint64()
	}
	return 0
}
