package actions

import (
	"context"
	"testing"

	"github.com/mistral-go/mistral-go/dsl"
	"github.com/mistral-go/mistral-go/value"
)

func adHocDefs(t *testing.T, text string) map[string]*dsl.Action {
	t.Helper()
	acts, err := dsl.ParseActions(text)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]*dsl.Action{}
	for _, a := range acts {
		out[a.Name] = a
	}
	return out
}

func finder(reg *Registry, defs map[string]*dsl.Action) AdHocFinder {
	return func(_ *dsl.Action, name string) (*dsl.Action, *Action, error) {
		if a, ok := reg.Lookup(name); ok {
			return nil, a, nil
		}
		return defs[name], nil, nil
	}
}

func TestAdHocChain(t *testing.T) {
	reg := Std(Config{})
	defs := adHocDefs(t, `
version: '2.0'
greet:
  base: std.echo
  input:
    - name
    - punct: "!"
  base-input:
    output: "Hello, <% $.name %><% $.punct %>"
  output: <% $.toUpper() %>
wrap:
  base: greet
  input:
    - who
  base-input:
    name: <% $.who %>
  output:
    said: <% $ %>
`)
	a, err := NewAdHoc(defs["wrap"], "", finder(reg, defs))
	if err != nil {
		t.Fatal(err)
	}
	if a.Name() != "wrap" || len(a.Levels) != 2 || a.Base.Name != "std.echo" || a.Async() {
		t.Fatalf("chain: %+v", a)
	}
	if err := a.Check(value.MapOf("x", int64(1))); err == nil ||
		err.Error() != "Invalid input [name=wrap, class=mistral.actions.adhoc.AdHocAction, missing=['who'], unexpected=['x']]" {
		t.Fatalf("check: %v", err)
	}
	call, err := a.Bind(value.MapOf("who", "Ann"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	res := call.Run(context.Background(), nil, 0)
	if res.State != StateSuccess || string(value.AppendPy(nil, res.Data)) != `{"said": "HELLO, ANN!"}` {
		t.Fatalf("run: %+v %s", res, value.AppendPy(nil, res.Data))
	}
	g, _ := NewAdHoc(defs["greet"], "", finder(reg, defs))
	if got := g.WithDefaults(value.MapOf("name", "x")); string(value.AppendPy(nil, got)) != `{"name": "x", "punct": "!"}` {
		t.Errorf("defaults: %s", value.AppendPy(nil, got))
	}
}

func TestAdHocErrors(t *testing.T) {
	reg := Std(Config{})
	defs := adHocDefs(t, `
version: '2.0'
a1:
  base: a2
a2:
  base: a1
lost:
  base: nowhere
`)
	if _, err := NewAdHoc(defs["a1"], "", finder(reg, defs)); err == nil ||
		err.Error() != "Found a cycle in an ad-hoc action chain [action_name=a1, duplicate_action_name=a1]" {
		t.Errorf("cycle: %v", err)
	}
	if _, err := NewAdHoc(defs["lost"], "ns", finder(reg, defs)); err == nil ||
		err.Error() != "Failed to find base action [action_name=nowhere namespace=ns] " {
		t.Errorf("missing base: %v", err)
	}
}

func TestLayered(t *testing.T) {
	a, b := value.MapOf("x", int64(1)), value.MapOf("x", int64(2), "y", int64(3))
	if got := string(value.AppendPy(nil, Layered(a, nil, b))); got != `{"x": 1, "y": 3}` {
		t.Errorf("layers: %s", got)
	}
	if Layered(nil, b, value.NewMap(0)) != b {
		t.Errorf("a single non-empty layer should be shared")
	}
	if Layered().Len() != 0 {
		t.Errorf("no layers")
	}
}
