package dsl

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

// derivedRecord is what the real Mistral 15 stored for one example
// (testdata/derived.json, captured by POSTing each example and reading
// back its workflows and actions).
type derivedRecord struct {
	Endpoint  string `json:"endpoint"`
	Status    int    `json:"status"`
	Workflows []struct {
		Name, Input, Interface, Definition string
		Tags                               []string
	} `json:"workflows"`
	Actions []struct {
		Name        string
		Input       *string
		Definition  string
		Tags        []string
		Description *string
	} `json:"actions"`
}

// TestDerivedAsMistral compares the names, input strings, interfaces,
// tags and definitions we derive with what Mistral stored.
func TestDerivedAsMistral(t *testing.T) {
	b, err := os.ReadFile("testdata/derived.json")
	if err != nil {
		t.Fatal(err)
	}
	var recs map[string]derivedRecord
	if err := json.Unmarshal(b, &recs); err != nil {
		t.Fatal(err)
	}
	checked := 0
	for file, rec := range recs {
		text := readExample(t, file)
		var wfs []*Workflow
		var acts []*Action
		switch rec.Endpoint {
		case "workflows":
			wfs, err = ParseWorkflows(text)
		case "actions":
			acts, err = ParseActions(text)
		default:
			var wb *Workbook
			wb, err = ParseWorkbook(text)
			if wb != nil {
				wfs, acts = wb.Workflows, wb.Actions
			}
		}
		if err != nil {
			t.Errorf("%s: %v", file, err)
			continue
		}
		if rec.Status != 201 {
			// Mistral 15 fails to store it (a 500); we accept it.
			continue
		}
		byName := map[string]*Workflow{}
		for _, w := range wfs {
			byName[w.Name] = w
		}
		if len(wfs) != len(rec.Workflows) {
			t.Errorf("%s: %d workflows, Mistral has %d", file, len(wfs), len(rec.Workflows))
		}
		for _, mw := range rec.Workflows {
			w := byName[mw.Name]
			if w == nil {
				t.Errorf("%s: no workflow %s", file, mw.Name)
				continue
			}
			checked++
			if got := w.InputString(); got != mw.Input {
				t.Errorf("%s %s: input %q, Mistral %q", file, mw.Name, got, mw.Input)
			}
			if got := value.MarshalPy(w.Interface()); got != mw.Interface {
				t.Errorf("%s %s: interface %s, Mistral %s", file, mw.Name, got, mw.Interface)
			}
			if w.Definition != mw.Definition {
				t.Errorf("%s %s: definition\n%s\nMistral:\n%s", file, mw.Name, w.Definition, mw.Definition)
			}
			if strings.Join(w.Tags, ",") != strings.Join(mw.Tags, ",") {
				t.Errorf("%s %s: tags %v, Mistral %v", file, mw.Name, w.Tags, mw.Tags)
			}
		}
		actByName := map[string]*Action{}
		for _, a := range acts {
			actByName[a.Name] = a
		}
		for _, ma := range rec.Actions {
			a := actByName[ma.Name]
			if a == nil {
				t.Errorf("%s: no action %s", file, ma.Name)
				continue
			}
			checked++
			want := ""
			if ma.Input != nil {
				want = *ma.Input
			}
			if got := a.InputString(); got != want {
				t.Errorf("%s %s: input %q, Mistral %q", file, ma.Name, got, want)
			}
			if a.Definition != ma.Definition {
				t.Errorf("%s %s: definition\n%s\nMistral:\n%s", file, ma.Name, a.Definition, ma.Definition)
			}
			wantDesc := ""
			if ma.Description != nil {
				wantDesc = *ma.Description
			}
			if a.Description != wantDesc {
				t.Errorf("%s %s: description %q, Mistral %q", file, ma.Name, a.Description, wantDesc)
			}
		}
	}
	if checked < 50 {
		t.Errorf("only %d workflows and actions compared", checked)
	}
}
