package golden

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// Dir is the folder of this package's source (cases/, recordings/,
// deviations.md), found from the compiled-in file path so Run works from
// any test package.
func Dir() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Dir(file)
}

// LoadRecording reads the committed recording of a case.
func LoadRecording(name string) (*value.Map, error) {
	raw, err := os.ReadFile(filepath.Join(Dir(), "recordings", name+".json"))
	if err != nil {
		return nil, err
	}
	v, err := value.Decode(raw)
	if err != nil {
		return nil, err
	}
	m, _ := v.(*value.Map)
	if m == nil {
		m = value.NewMap(0)
	}
	return m, nil
}

// Run replays every case against the service at baseURL, each as a
// parallel subtest, and fails each case whose recording differs from the
// committed one outside the deviations of deviations.md. GOLDEN_CASES
// (comma-separated name prefixes) selects a subset.
func Run(t *testing.T, baseURL string) {
	t.Helper()
	cases, err := LoadCases(filepath.Join(Dir(), "cases"))
	if err != nil {
		t.Fatal(err)
	}
	devs, err := LoadDeviations(filepath.Join(Dir(), "deviations.md"))
	if err != nil {
		t.Fatal(err)
	}
	only := strings.FieldsFunc(os.Getenv("GOLDEN_CASES"), func(r rune) bool { return r == ',' || r == ' ' })
	for _, c := range cases {
		if len(only) > 0 && !hasPrefix(c.Name, only) {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			t.Parallel()
			want, err := LoadRecording(c.Name)
			if err != nil {
				t.Fatalf("no recording (run record.py): %v", err)
			}
			ctx, cancel := context.WithTimeout(context.Background(), 4*c.Timeout+2*time.Minute)
			defer cancel()
			got, err := Replay(ctx, baseURL, c)
			if err != nil {
				t.Fatal(err)
			}
			Canonicalise(want)
			Canonicalise(got)
			allowed, failed := Split(devs, c.Name, Compare(want, got))
			if len(allowed) > 0 {
				t.Logf("%d deliberate deviation(s):\n%s", len(allowed), Report(allowed))
			}
			if len(failed) > 0 {
				t.Errorf("%s differs from Mistral 15 (%s):\n%s", c.Name, c.Description, Report(failed))
			}
		})
	}
}

func hasPrefix(name string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(name, p) {
			return true
		}
	}
	return false
}
