package load

import (
	"bufio"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/e2e"
)

// mistrald is a mistrald process for the tests and benchmarks of this
// package.
type mistrald struct {
	url string
	pid int
}

// startMistrald starts the mistrald that e2e builds on a free loopback
// port with a temporary data directory; it is killed when tb ends.
func startMistrald(tb testing.TB) *mistrald {
	tb.Helper()
	cmd := exec.Command(e2e.Binary(tb), "--listen", "127.0.0.1:0", "--data", tb.TempDir())
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		tb.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	})
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			if a, ok := strings.CutPrefix(sc.Text(), "mistrald listening on "); ok {
				addr <- a
			}
		}
	}()
	select {
	case a := <-addr:
		return &mistrald{url: "http://" + a, pid: cmd.Process.Pid}
	case <-time.After(60 * time.Second):
		tb.Fatal("mistrald did not start")
		return nil
	}
}
