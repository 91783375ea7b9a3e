package dsl

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// FuzzParse feeds arbitrary text to every parser: no panic, no hang,
// every error an *Error with a message, and every workflow definition we
// would store reads back.
func FuzzParse(f *testing.F) {
	for _, r := range readExampleVerdicts(f) {
		if b, err := os.ReadFile(filepath.Join(examplesDir, r.file)); err == nil {
			f.Add(string(b))
		}
	}
	if b, err := os.ReadFile("testdata/validation_cases.json"); err == nil {
		var cases []oracleCase
		if json.Unmarshal(b, &cases) == nil {
			for _, c := range cases {
				f.Add(c.Text)
			}
		}
	}
	f.Add("a: &x [*y, @z]\n")
	f.Add("version: '2.0'\nwf:\n  tasks:\n    t1:\n      action: std.noop\n  other: \"\\u00e9\\t\"\nwf2:\n  tasks:\n    t: {}\n")
	f.Fuzz(func(t *testing.T, text string) {
		if len(text) > 1<<16 {
			return
		}
		start := time.Now()
		checkErr := func(what string, err error) {
			if err == nil {
				return
			}
			e, ok := err.(*Error)
			if !ok || e.Msg == "" {
				t.Fatalf("%s: bad error %T %v", what, err, err)
			}
		}
		wfs, err := ParseWorkflows(text)
		checkErr("workflows", err)
		for _, w := range wfs {
			again, err := ParseWorkflowDefinition(w.Definition, "")
			if err != nil {
				t.Fatalf("stored definition of %q does not read back: %v\n%s", w.Name, err, w.Definition)
			}
			if again.Name != w.Name || len(again.Tasks) != len(w.Tasks) {
				t.Fatalf("stored definition of %q reads back as %q", w.Name, again.Name)
			}
		}
		wb, err := ParseWorkbook(text)
		checkErr("workbook", err)
		if wb != nil {
			for _, w := range wb.Workflows {
				again, err := ParseWorkflowDefinition(w.Definition, wb.Name)
				if err != nil {
					t.Fatalf("workbook workflow %q does not read back: %v\n%s", w.Name, err, w.Definition)
				}
				if again.Name != w.Name || len(again.Tasks) != len(w.Tasks) {
					t.Fatalf("workbook workflow %q reads back as %q", w.Name, again.Name)
				}
			}
			for _, a := range wb.Actions {
				if _, err := ParseActionDefinition(a.Definition, a.Name, wb.Name); err != nil {
					t.Fatalf("workbook action %q does not read back: %v\n%s", a.Name, err, a.Definition)
				}
			}
		}
		_, err = ParseActions(text)
		checkErr("actions", err)
		if d := time.Since(start); d > 2*time.Second {
			t.Fatalf("parsing took %v", d)
		}
	})
}
