package actions

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
)

// dropServer answers GET /ok with a keep-alive 200 and leaves the
// connection open; on GET /drop it counts the request and closes the
// connection without answering, as a server that crashes mid-request.
type dropServer struct {
	ln    net.Listener
	mu    sync.Mutex
	drops int
	conns int
}

func newDropServer(t *testing.T) *dropServer {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	s := &dropServer{ln: ln}
	t.Cleanup(func() { ln.Close() })
	go s.serve()
	return s
}

func (s *dropServer) serve() {
	for {
		c, err := s.ln.Accept()
		if err != nil {
			return
		}
		s.mu.Lock()
		s.conns++
		s.mu.Unlock()
		go s.handle(c)
	}
}

func (s *dropServer) handle(c net.Conn) {
	defer c.Close()
	br := bufio.NewReader(c)
	for {
		req, err := http.ReadRequest(br)
		if err != nil {
			return
		}
		if req.URL.Path == "/drop" {
			s.mu.Lock()
			s.drops++
			s.mu.Unlock()
			return
		}
		if _, err := c.Write([]byte("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok")); err != nil {
			return
		}
	}
}

func (s *dropServer) counts() (drops, conns int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.drops, s.conns
}

// TestHTTPNeverResends checks that std.http sends a request once: a GET
// whose connection the server drops fails rather than being re-sent on
// a new connection (Go's transport re-sends idempotent requests that
// fail on a reused keep-alive connection; Mistral never re-sends).
func TestHTTPNeverResends(t *testing.T) {
	s := newDropServer(t)
	base := "http://" + s.ln.Addr().String()
	std := Std(Config{})
	for i := 0; i < 3; i++ {
		if res := runHTTP(t, std, "std.http", nil, "url", base+"/ok"); res.State != StateSuccess {
			t.Fatalf("GET /ok: %+v", res)
		}
	}
	res := runHTTP(t, std, "std.http", nil, "url", base+"/drop")
	if res.State != StateError || !strings.Contains(res.Data.(string), "Failed to send HTTP request: ") {
		t.Fatalf("GET /drop: %+v", res)
	}
	if drops, conns := s.counts(); drops != 1 || conns != 4 {
		t.Fatalf("the server saw the dropped GET %d times over %d connections; want once, one connection per run", drops, conns)
	}
}
