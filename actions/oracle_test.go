package actions

import (
	"context"
	"errors"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// loadJSON reads a testdata file into the value model.
func loadJSON(t *testing.T, name string) any {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	v, err := value.Decode(b)
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return v
}

func field(v any, k string) any {
	x, _ := v.(*value.Map).Get(k)
	return x
}

var addrRE = regexp.MustCompile(` object at 0x[0-9a-f]+>`)

// normalize blanks what differs between two runs: object addresses.
func normalize(v any) any {
	if s, ok := v.(string); ok {
		return addrRE.ReplaceAllString(s, " object at 0x>")
	}
	return v
}

var std = Std(Config{})

func TestCatalogMatchesOracle(t *testing.T) {
	list := field(loadJSON(t, "oracle_std_actions.json"), "actions").([]any)
	seen := 0
	for _, item := range list {
		name := field(item, "name").(string)
		if name == WaitSSHName {
			if field(item, "definition") != WaitSSHDefinition || field(item, "input") != WaitSSHInput ||
				field(item, "description") != WaitSSHDescription {
				t.Errorf("std.wait_ssh catalogue entry differs from the oracle")
			}
			continue
		}
		seen++
		a, ok := std.Lookup(name)
		if !ok {
			t.Errorf("%s missing", name)
			continue
		}
		if got := a.Signature.String(); got != field(item, "input") {
			t.Errorf("%s input %q, oracle %q", name, got, field(item, "input"))
		}
		if a.Description != field(item, "description") {
			t.Errorf("%s description differs:\n%q\n%q", name, a.Description, field(item, "description"))
		}
	}
	if got := len(std.Actions()); got != seen || seen != 13 {
		t.Errorf("registry has %d actions, oracle %d", got, seen)
	}
	for i, a := range std.Actions() {
		if i > 0 && std.Actions()[i-1].Name >= a.Name {
			t.Errorf("Actions not sorted at %s", a.Name)
		}
	}
	for name, async := range map[string]bool{"std.async_noop": true, "std.mistral_http": true, "std.http": false, "std.echo": false} {
		if a, _ := std.Lookup(name); a.Async != async {
			t.Errorf("%s async = %v", name, a.Async)
		}
	}
}

// TestBasicActionsMatchOracle replays calls recorded from Mistral 15
// (POST /v2/action_executions) and compares states, results and errors.
func TestBasicActionsMatchOracle(t *testing.T) {
	for _, c := range loadJSON(t, "oracle_basic.json").([]any) {
		name := field(c, "case").(string)
		t.Run(name, func(t *testing.T) {
			code := field(c, "status_code").(int64)
			a, ok := std.Lookup(field(c, "action").(string))
			if !ok {
				err := &NotFoundError{Name: field(c, "action").(string)}
				if code != 400 || err.Error() != field(c, "faultstring") {
					t.Errorf("unknown action: %v, oracle %d %v", err, code, field(c, "faultstring"))
				}
				return
			}
			params := field(c, "params").(*value.Map)
			if rs, _ := params.Get("run_sync"); rs == true {
				if !a.Async {
					t.Errorf("oracle refused run_sync for a sync action")
				}
				return
			}
			call, err := a.Bind(field(c, "input").(*value.Map))
			switch code {
			case 400:
				var ie *InputError
				if !errors.As(err, &ie) || err.Error() != field(c, "faultstring") {
					t.Errorf("Bind error %v, oracle %v", err, field(c, "faultstring"))
				}
				return
			case 500: // a Python TypeError upstream; an input error for us
				var ie *InputError
				want := strings.TrimPrefix(field(c, "faultstring").(string), "TypeError: ")
				if !errors.As(err, &ie) || err.Error() != want {
					t.Errorf("Bind error %v, want input error %q", err, want)
				}
				return
			}
			if err != nil {
				t.Fatalf("Bind: %v", err)
			}
			var timeout time.Duration
			if v, ok := params.Get("timeout"); ok {
				f, _, _ := pyFloat(v)
				timeout = seconds(f)
			}
			res := call.Run(context.Background(), nil, timeout)
			if res.State.String() != field(c, "state") {
				t.Errorf("state %v, oracle %v", res.State, field(c, "state"))
			}
			if got, want := normalize(res.Data), normalize(field(c, "result")); !value.Equal(got, want) {
				t.Errorf("result\n got %s\nwant %s", value.MarshalPy(got), value.MarshalPy(want))
			}
		})
	}
}
