package cluster

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestLocalNodeServices(t *testing.T) {
	n := Local()
	if !strings.HasSuffix(n.Name, fmt.Sprintf("_%d", os.Getpid())) {
		t.Fatalf("name %q does not end with the pid", n.Name)
	}
	if Local() != n {
		t.Fatal("Local is not stable")
	}
	svcs := n.Services()
	want := []string{APIGroup, EngineGroup, ExecutorGroup}
	if len(svcs) != len(want) {
		t.Fatalf("services: %v", svcs)
	}
	for i, s := range svcs {
		if s.Name != n.Name || s.Type != want[i] {
			t.Fatalf("service %d: %+v", i, s)
		}
	}
}
