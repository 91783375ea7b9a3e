package actions

import (
	"context"
	"errors"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

func bind(t *testing.T, name string, kv ...any) *Call {
	t.Helper()
	a, ok := std.Lookup(name)
	if !ok {
		t.Fatalf("no %s", name)
	}
	c, err := a.Bind(value.MapOf(kv...))
	if err != nil {
		t.Fatalf("bind %s: %v", name, err)
	}
	return c
}

func TestEchoDelayHonoursCancellation(t *testing.T) {
	c := bind(t, "std.echo", "output", "x", "delay", int64(30))
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(20*time.Millisecond, cancel)
	start := time.Now()
	res := c.Run(ctx, nil, 0)
	if res.State != StateCancelled || res.Data != nil {
		t.Fatalf("got %+v", res)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatal("echo did not stop on cancel")
	}
	if res := bind(t, "std.echo", "output", []any{int64(1)}, "delay", "0.01").Run(context.Background(), nil, 0); res.State != StateSuccess || !value.Equal(res.Data, []any{int64(1)}) {
		t.Fatalf("echo with string delay: %+v", res)
	}
}

func TestSleepTimeoutAndCancel(t *testing.T) {
	c := bind(t, "std.sleep", "seconds", int64(30))
	ec := &ExecContext{ActionExecutionID: "ae-1"}
	res := c.Run(context.Background(), ec, 30*time.Millisecond)
	want := regexp.MustCompile(`^The action raised an exception \[action=<mistral\.actions\.std_actions\.SleepAction object at 0x7f[0-9a-f]{10}>, action_ex_id=ae-1, msg='0\.03 seconds'\]$`)
	if res.State != StateError || !want.MatchString(res.Data.(string)) {
		t.Fatalf("got %+v", res)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	if res := c.Run(ctx, ec, time.Hour); res.State != StateCancelled {
		t.Fatalf("parent deadline should cancel, got %+v", res)
	}
	if res := bind(t, "std.sleep", "seconds", -5.5).Run(context.Background(), nil, 0); res.State != StateSuccess || res.Data != nil {
		t.Fatalf("negative sleep: %+v", res)
	}
}

func TestTimeoutText(t *testing.T) {
	for d, want := range map[time.Duration]string{
		time.Second: "1 second", 2 * time.Second: "2 seconds", 500 * time.Millisecond: "0.5 seconds",
		1500 * time.Millisecond: "1.5 seconds", 90 * time.Second: "90 seconds",
	} {
		if got := TimeoutText(d); got != want {
			t.Errorf("TimeoutText(%v) = %q, want %q", d, got, want)
		}
	}
}

func TestFailAndAsync(t *testing.T) {
	res := bind(t, "std.fail").Run(context.Background(), &ExecContext{ActionExecutionID: "x1"}, 0)
	if res.State != StateError || res.Data != "The action raised an exception [action=Fail action, action_ex_id=x1, msg='Fail action expected exception.']" {
		t.Fatalf("fail: %+v", res)
	}
	if res := bind(t, "std.async_noop").Run(context.Background(), nil, 0); res.State != StatePending {
		t.Fatalf("async_noop: %+v", res)
	}
	if res := bind(t, "std.noop").Run(context.Background(), nil, 0); res.State != StateSuccess || res.Data != nil {
		t.Fatalf("noop: %+v", res)
	}
	noop, _ := std.Lookup("std.noop")
	if n := testing.AllocsPerRun(100, func() { _, _ = noop.Bind(nil) }); n != 0 {
		t.Errorf("binding std.noop allocates %v times", n)
	}
}

func TestTestDict(t *testing.T) {
	res := bind(t, "std.test_dict", "size", int64(2), "key_prefix", int64(7)).Run(context.Background(), nil, 0)
	if res.State != StateSuccess || value.MarshalPy(res.Data) != `{"70": "", "71": ""}` {
		t.Fatalf("got %+v", res)
	}
	res = bind(t, "std.test_dict", "size", int64(1<<40)).Run(context.Background(), nil, 0)
	if res.State != StateError || !strings.Contains(res.Data.(string), "over the limit") {
		t.Fatalf("huge size: %+v", res)
	}
	if res := bind(t, "std.test_dict", "size", true).Run(context.Background(), nil, 0); value.MarshalPy(res.Data) != `{"0": ""}` {
		t.Fatalf("size True: %+v", res)
	}
}

func TestDefineAndPanics(t *testing.T) {
	a, err := Define("my.boom", "tests.Boom", "Boom.", "x, y=2", false, func(ctx context.Context, args Args, ec *ExecContext) (any, error) {
		if args.Get("x") == "panic" {
			panic("kaboom")
		}
		if args.Get("x") == "payload" {
			return nil, ErrorResult(value.MapOf("y", args.Get("y")))
		}
		return args.Get("y"), nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r := NewRegistry()
	if err := r.Register(a); err != nil {
		t.Fatal(err)
	}
	if err := r.Register(a); err == nil {
		t.Fatal("duplicate registered")
	}
	run := func(kv ...any) Result {
		c, err := a.Bind(value.MapOf(kv...))
		if err != nil {
			t.Fatal(err)
		}
		return c.Run(context.Background(), nil, 0)
	}
	if res := run("x", 1); res.State != StateSuccess || res.Data != int64(2) {
		t.Errorf("default: %+v", res)
	}
	if res := run("x", "payload", "y", "z"); res.State != StateError || value.MarshalPy(res.Data) != `{"y": "z"}` {
		t.Errorf("payload: %+v", res)
	}
	res := run("x", "panic")
	if res.State != StateError || !strings.Contains(res.Data.(string), "<tests.Boom object at 0x7f") || !strings.HasSuffix(res.Data.(string), "action_ex_id=None, msg='kaboom']") {
		t.Errorf("panic: %+v", res)
	}
	_, err = a.Bind(value.MapOf("y", 1))
	var ie *InputError
	if !errors.As(err, &ie) || err.Error() != "Invalid input [name=my.boom, class=tests.Boom, missing=['x']]" {
		t.Errorf("bind: %v", err)
	}
}

func TestPyConversions(t *testing.T) {
	for _, c := range []struct {
		in   any
		f    float64
		bad  bool
		fail bool
	}{
		{int64(3), 3, false, false}, {" 2.5 ", 2.5, false, false}, {"abc", 0, true, false}, {true, 1, false, false},
		{nil, 0, false, true}, {[]any{}, 0, false, true}, {"1_0", 10, false, false},
	} {
		f, bad, err := pyFloat(c.in)
		if f != c.f || bad != c.bad || (err != nil) != c.fail {
			t.Errorf("pyFloat(%v) = %v %v %v", c.in, f, bad, err)
		}
	}
	for _, c := range []struct {
		in   any
		n    int64
		bad  bool
		fail bool
	}{
		{int64(3), 3, false, false}, {2.9, 2, false, false}, {"7", 7, false, false}, {"1.5", 0, true, false},
		{nil, 0, false, true}, {value.NewMap(0), 0, false, true}, {1e300, 1<<63 - 1, false, false},
	} {
		n, bad, err := pyInt(c.in)
		if n != c.n || bad != c.bad || (err != nil) != c.fail {
			t.Errorf("pyInt(%v) = %v %v %v", c.in, n, bad, err)
		}
	}
}
