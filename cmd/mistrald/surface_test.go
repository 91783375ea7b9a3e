package main

import (
	"flag"
	"slices"
	"testing"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/storage"
)

func TestSurfaceFlags(t *testing.T) {
	t.Setenv(apiKeysEnv, " e1 ,,e2")
	var c SurfaceConfig
	fs := flag.NewFlagSet("t", flag.ContinueOnError)
	c.flags(fs)
	if err := fs.Parse([]string{"--api-keys", "a, b", "--info-file", "/x.json", "--python", "/usr/bin/python3", "--python-timeout", "5s"}); err != nil {
		t.Fatal(err)
	}
	c.fromEnv()
	if !slices.Equal(c.APIKeys, []string{"a", "b", "e1", "e2"}) || c.InfoFile != "/x.json" ||
		c.Python.Path != "/usr/bin/python3" || c.Python.Timeout.Seconds() != 5 {
		t.Fatalf("config: %+v", c)
	}
}

func TestDynamicActionsFromStorage(t *testing.T) {
	db, err := storage.Open(storage.Options{Dir: "mem", InMemory: true, Quiet: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	surf, err := storage.OpenSurface(db)
	if err != nil {
		t.Fatal(err)
	}
	cs := &storage.CodeSource{ID: "c1", Name: "mod", Project: storage.DefaultProject, Scope: "private", Content: "x", Version: 2, CreatedAt: 1}
	d := &storage.DynamicAction{ID: "d1", Name: "hello", Project: storage.DefaultProject, Scope: "private", ClassName: "Hello",
		CodeSourceID: "c1", CodeSourceName: "mod", Input: "name", Inspected: true, CreatedAt: 1}
	err = db.Update(func(w *storage.Write) error {
		if err := surf.CodeSources.Put(w, cs); err != nil {
			return err
		}
		return surf.DynamicActions.Put(w, d)
	}, surf.CodeSources, surf.DynamicActions)
	if err != nil {
		t.Fatal(err)
	}
	f := dynamicActions(actions.NewPython(actions.PythonConfig{Path: "/nonexistent/python3"}), surf)
	a, ok, err := f.FindAction(storage.DefaultProject, "", "hello")
	if err != nil || !ok || a.Class != "mod.Hello" || a.Signature.String() != "name" {
		t.Fatalf("found %+v %v %v", a, ok, err)
	}
	if _, ok, err := f.FindAction(storage.DefaultProject, "", "nope"); ok || err != nil {
		t.Fatalf("unknown: %v %v", ok, err)
	}
}
