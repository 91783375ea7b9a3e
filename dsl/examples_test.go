package dsl

import (
	"bufio"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// examplesDir holds the real definitions of ../shared/spec/examples.
const examplesDir = "../../shared/spec/examples"

// exampleVerdict is one row of testdata/examples.tsv: what the real
// Mistral 15's /validate endpoint said about an example.
type exampleVerdict struct {
	file, endpoint string
	valid          bool
	firstLine      string
}

func readExampleVerdicts(t testing.TB) []exampleVerdict {
	f, err := os.Open("testdata/examples.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []exampleVerdict
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "#") || line == "" {
			continue
		}
		cols := strings.Split(line, "\t")
		out = append(out, exampleVerdict{file: cols[0], endpoint: cols[1], valid: cols[2] == "valid", firstLine: cols[3]})
	}
	return out
}

func readExample(t testing.TB, file string) string {
	b, err := os.ReadFile(filepath.Join(examplesDir, file))
	if err != nil {
		t.Skipf("examples not available: %v", err)
	}
	return string(b)
}

// validateFor runs the validation of an endpoint.
func validateFor(endpoint, text string) error {
	switch endpoint {
	case "workbooks":
		return ValidateWorkbook(text)
	case "actions":
		return ValidateActions(text)
	}
	return ValidateWorkflows(text)
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

// TestExamplesAsMistral checks every example against the verdict of the
// real Mistral 15 (testdata/examples.tsv).
func TestExamplesAsMistral(t *testing.T) {
	rows := readExampleVerdicts(t)
	if len(rows) < 50 {
		t.Fatalf("only %d verdicts", len(rows))
	}
	for _, r := range rows {
		text := readExample(t, r.file)
		err := validateFor(r.endpoint, text)
		switch {
		case r.valid && err != nil:
			t.Errorf("%s: Mistral accepts it, we reject it: %v", r.file, err)
		case !r.valid && err == nil:
			t.Errorf("%s: Mistral rejects it (%s), we accept it", r.file, r.firstLine)
		case !r.valid && firstLine(err.Error()) != r.firstLine:
			t.Errorf("%s: got %q, Mistral says %q", r.file, firstLine(err.Error()), r.firstLine)
		}
	}
}
