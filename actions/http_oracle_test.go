package actions

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// pythonServer answers like the Python BaseHTTP server the oracle cases in
// testdata/oracle_http.json were recorded against, byte for byte (header
// order and case included), so our results can be compared with Mistral's.
type pythonServer struct {
	ln   net.Listener
	done chan struct{}
	wg   sync.WaitGroup
}

func startPythonServer(t *testing.T) *pythonServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &pythonServer{ln: ln, done: make(chan struct{})}
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s.wg.Add(1)
			go func() {
				defer s.wg.Done()
				s.serve(c)
			}()
		}
	}()
	t.Cleanup(func() {
		close(s.done)
		ln.Close()
		s.wg.Wait()
	})
	return s
}

func (s *pythonServer) port() string {
	_, p, _ := net.SplitHostPort(s.ln.Addr().String())
	return p
}

func (s *pythonServer) serve(c net.Conn) {
	defer c.Close()
	req, err := http.ReadRequest(bufio.NewReader(c))
	if err != nil {
		return
	}
	fixed := `{"b": 1, "a": [1, 2.5, "x", null, true]}`
	var status string
	var headers []string
	body := ""
	p := req.URL.Path
	switch {
	case strings.HasPrefix(p, "/fixed"), strings.HasPrefix(p, "/nf"):
		status = "200 OK"
		if strings.HasPrefix(p, "/nf") {
			status = "404 Not Found"
		}
		body, headers = fixed, []string{"Content-Type: application/json"}
	case strings.HasPrefix(p, "/boom"):
		status, body, headers = "500 Internal Server Error", "boom", []string{"Content-Type: text/plain"}
	case strings.HasPrefix(p, "/redirect"):
		status, headers = "302 Found", []string{"Location: /fixed"}
	case strings.HasPrefix(p, "/rbody"):
		status, body, headers = "302 Found", strings.Repeat("moved", 60), []string{"Location: /redirect"}
	case strings.HasPrefix(p, "/cookie"):
		status, body, headers = "200 OK", "ok", []string{"Set-Cookie: sid=abc; Path=/", "Set-Cookie: t=1", "Content-Type: text/plain"}
	case strings.HasPrefix(p, "/text"):
		status, body, headers = "200 OK", "héllo", []string{"Content-Type: text/plain; charset=utf-8"}
	case strings.HasPrefix(p, "/plain"):
		status, body = "200 OK", "hello"
	case strings.HasPrefix(p, "/lower"):
		fmt.Fprintf(c, "HTTP/1.0 200 OK\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: %s\r\ncontent-type: text/plain\r\nX-multi: a\r\nx-Multi: b\r\ncontent-length: 1\r\n\r\nx", time.Now().UTC().Format(http.TimeFormat))
		return
	case strings.HasPrefix(p, "/num"):
		status, body, headers = "200 OK", "123", []string{"Content-Type: text/plain"}
	case strings.HasPrefix(p, "/latin"):
		status, body, headers = "200 OK", "h\xe9", []string{"Content-Type: text/plain"}
	case strings.HasPrefix(p, "/empty"):
		fmt.Fprintf(c, "HTTP/1.0 204 No Content\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: %s\r\n\r\n", time.Now().UTC().Format(http.TimeFormat))
		return
	case strings.HasPrefix(p, "/slow"):
		select {
		case <-time.After(2 * time.Second):
		case <-s.done:
		}
		return
	}
	fmt.Fprintf(c, "HTTP/1.0 %s\r\nServer: BaseHTTP/0.6 Python/3.11.2\r\nDate: %s\r\n", status, time.Now().UTC().Format(http.TimeFormat))
	for _, h := range headers {
		fmt.Fprintf(c, "%s\r\n", h)
	}
	fmt.Fprintf(c, "Content-Length: %d\r\n\r\n%s", len(body), body)
}

// replacePort rewrites the oracle server's port (18765) in every string.
func replacePort(v any, port string) any {
	switch t := v.(type) {
	case string:
		return strings.ReplaceAll(t, "18765", port)
	case []any:
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = replacePort(x, port)
		}
		return out
	case *value.Map:
		out := value.NewMap(t.Len())
		t.Range(func(k string, x any) bool { out.Set(k, replacePort(x, port)); return true })
		return out
	}
	return v
}

func TestHTTPMatchesOracle(t *testing.T) {
	srv := startPythonServer(t)
	a, _ := std.Lookup("std.http")
	for _, c := range loadJSON(t, "oracle_http.json").([]any) {
		name := field(c, "case").(string)
		t.Run(name, func(t *testing.T) {
			in := replacePort(field(c, "input"), srv.port()).(*value.Map)
			call, err := a.Bind(in)
			if fs := field(c, "faultstring"); fs != nil {
				if err == nil || err.Error() != fs {
					t.Fatalf("Bind error %v, oracle %v", err, fs)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			res := call.Run(context.Background(), nil, 0)
			if res.State.String() != field(c, "state") {
				t.Errorf("state %v, oracle %v", res.State, field(c, "state"))
			}
			if m, ok := res.Data.(*value.Map); ok {
				m.Set("elapsed", int64(0))
				if h := m.Values()[2].(*value.Map); h.Has("Date") {
					h.Set("Date", "<date>")
				}
			}
			want := normalize(replacePort(field(c, "result"), srv.port()))
			if got := normalize(res.Data); value.MarshalPy(got) != value.MarshalPy(want) {
				t.Errorf("result\n got %s\nwant %s", value.MarshalPy(got), value.MarshalPy(want))
			}
		})
	}
}
