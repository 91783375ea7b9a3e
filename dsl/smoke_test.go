package dsl

import (
	"os"
	"testing"
)

func TestSmokeExamples(t *testing.T) {
	for _, f := range []string{"mistral/tests/resources/wf_v2.yaml", "mistral/tests/resources/wb_v2.yaml", "mistral/tests/resources/action_v2.yaml"} {
		b, err := os.ReadFile("/work/shared/spec/examples/" + f)
		if err != nil {
			t.Fatal(err)
		}
		wfs, err1 := ParseWorkflows(string(b))
		wb, err2 := ParseWorkbook(string(b))
		acts, err3 := ParseActions(string(b))
		t.Logf("%s: wfs=%d %v | wb=%v %v | acts=%d %v", f, len(wfs), err1, wb != nil, err2, len(acts), err3)
	}
}

func TestSmokeActionsFromWF(t *testing.T) {
	b, _ := os.ReadFile("/work/shared/spec/examples/mistral/tests/resources/wf_v2.yaml")
	_, err := ParseActions(string(b))
	t.Log(err)
}
