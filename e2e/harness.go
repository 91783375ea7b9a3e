package e2e

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// CLIPath is the real Mistral command-line client.
var CLIPath = "/usr/bin/mistral"

var (
	buildOnce sync.Once
	buildPath string
	buildErr  error
)

// Binary returns the path of a mistrald built for this test run (once per
// process, -race when the tests run with it), under e2e/.bin.
func Binary(t testing.TB) string {
	t.Helper()
	buildOnce.Do(func() {
		name := "mistrald"
		args := []string{"build", "-o"}
		if raceEnabled {
			name += "-race"
		}
		dir, err := filepath.Abs(".bin")
		if err != nil {
			buildErr = err
			return
		}
		buildPath = filepath.Join(dir, name)
		args = append(args, buildPath)
		if raceEnabled {
			args = append(args, "-race")
		}
		args = append(args, "github.com/mistral-go/mistral-go/cmd/mistrald")
		cmd := exec.Command("go", args...)
		out, err := cmd.CombinedOutput()
		if err != nil {
			buildErr = fmt.Errorf("go build mistrald: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return buildPath
}

// Server is a running (or stopped) mistrald process.
type Server struct {
	// URL is the service's base URL, "http://127.0.0.1:<port>".
	URL string
	// Addr is its listen address; it stays the same across restarts.
	Addr string
	// DataDir is the data directory; it survives Kill and Restart.
	DataDir string
	// Args are extra command-line arguments.
	Args []string

	cmd    *exec.Cmd
	done   chan struct{}
	logs   *syncBuffer
	client *http.Client
}

// Start starts mistrald on a free loopback port with a temporary data
// directory; the process is killed when the test ends. Extra arguments
// go to the command line.
func Start(t testing.TB, args ...string) *Server {
	t.Helper()
	s := &Server{
		Addr:    "127.0.0.1:0",
		DataDir: t.TempDir(),
		Args:    args,
		client: &http.Client{
			Timeout: 60 * time.Second,
			// Redirects are answers under test, not to be followed.
			CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
		},
	}
	s.start(t)
	t.Cleanup(func() { s.stop(syscall.SIGKILL) })
	return s
}

func (s *Server) start(t testing.TB) {
	t.Helper()
	bin := Binary(t)
	args := append([]string{"--listen", s.Addr, "--data", s.DataDir}, s.Args...)
	cmd := exec.Command(bin, args...)
	s.logs = &syncBuffer{}
	cmd.Stderr = s.logs
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	s.cmd = cmd
	s.done = make(chan struct{})
	ready := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			s.logs.Write([]byte(line + "\n"))
			if addr, ok := strings.CutPrefix(line, "mistrald listening on "); ok {
				select {
				case ready <- addr:
				default:
				}
			}
		}
		_, _ = io.Copy(io.Discard, stdout)
	}()
	go func() {
		_ = cmd.Wait()
		close(s.done)
	}()
	select {
	case addr := <-ready:
		s.Addr = addr
		s.URL = "http://" + addr
	case <-s.done:
		t.Fatalf("mistrald exited before listening:\n%s", s.logs.String())
	case <-time.After(60 * time.Second):
		s.stop(syscall.SIGKILL)
		t.Fatalf("mistrald did not start within 60s:\n%s", s.logs.String())
	}
}

// stop signals the process and waits for it to exit.
func (s *Server) stop(sig syscall.Signal) {
	if s.cmd == nil || s.cmd.Process == nil {
		return
	}
	select {
	case <-s.done:
		return
	default:
	}
	_ = s.cmd.Process.Signal(sig)
	select {
	case <-s.done:
	case <-time.After(30 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
	}
}

// Kill stops the process with SIGKILL: no graceful shutdown at all.
func (s *Server) Kill(t testing.TB) {
	t.Helper()
	s.stop(syscall.SIGKILL)
}

// Stop stops the process gracefully (SIGTERM) and fails the test if it
// does not exit cleanly.
func (s *Server) Stop(t testing.TB) {
	t.Helper()
	s.stop(syscall.SIGTERM)
	if code := s.cmd.ProcessState.ExitCode(); code != 0 {
		t.Fatalf("mistrald exited with %d:\n%s", code, s.logs.String())
	}
}

// Restart starts the process again on the same address and data.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.stop(syscall.SIGKILL)
	s.start(t)
}

// Logs returns what the process wrote so far.
func (s *Server) Logs() string { return s.logs.String() }

// Response is an HTTP answer.
type Response struct {
	Status int
	Header http.Header
	Body   []byte
}

// JSON decodes the body (a test failure if it is not JSON).
func (r *Response) JSON(t testing.TB) any {
	t.Helper()
	v, err := value.Decode(r.Body)
	if err != nil {
		t.Fatalf("response is not JSON (%v): %s", err, r.Body)
	}
	return v
}

// Map decodes the body as a JSON object.
func (r *Response) Map(t testing.TB) *value.Map {
	t.Helper()
	m, ok := r.JSON(t).(*value.Map)
	if !ok {
		t.Fatalf("response is not a JSON object: %s", r.Body)
	}
	return m
}

// Do sends a request; headers are "Name: value" strings. A text body
// without a Content-Type header is sent as text/plain.
func (s *Server) Do(t testing.TB, method, path string, body []byte, headers ...string) *Response {
	t.Helper()
	req, err := http.NewRequestWithContext(context.Background(), method, s.URL+path, bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if body == nil {
		req.Body = http.NoBody
	}
	for _, h := range headers {
		k, v, _ := strings.Cut(h, ":")
		req.Header.Set(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	if body != nil && req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", "text/plain")
	}
	res, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v\n%s", method, path, err, s.logs.String())
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return &Response{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Expect sends a request and fails the test unless the status is want.
func (s *Server) Expect(t testing.TB, want int, method, path string, body []byte, headers ...string) *Response {
	t.Helper()
	r := s.Do(t, method, path, body, headers...)
	if r.Status != want {
		t.Fatalf("%s %s: status %d, want %d: %s", method, path, r.Status, want, r.Body)
	}
	return r
}

// CLI runs the real `mistral` client against the server and returns its
// standard output; a non-zero exit fails the test unless the test expects
// it (see CLIResult).
func (s *Server) CLI(t testing.TB, args ...string) string {
	t.Helper()
	out, errOut, err := s.CLIResult(t, args...)
	if err != nil {
		t.Fatalf("mistral %s: %v\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), err, out, errOut)
	}
	return out
}

// CLIResult runs the real `mistral` client and returns stdout, stderr
// and the exit error.
func (s *Server) CLIResult(t testing.TB, args ...string) (string, string, error) {
	t.Helper()
	if testing.Short() {
		t.Skip("the mistral CLI is slow to start: skipped with -short")
	}
	if _, err := os.Stat(CLIPath); err != nil {
		t.Skipf("mistral CLI not installed (%s): run scripts/install-deps.sh", CLIPath)
	}
	full := append([]string{"--os-mistral-url", s.URL + "/v2"}, args...)
	cmd := exec.Command(CLIPath, full...)
	env := []string{}
	for _, e := range os.Environ() {
		if !strings.HasPrefix(e, "OS_") {
			env = append(env, e)
		}
	}
	cmd.Env = append(env, "COLUMNS=400")
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	return stdout.String(), stderr.String(), err
}

// syncBuffer is a bytes.Buffer safe for concurrent use.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}
