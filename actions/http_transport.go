package actions

import (
	"bytes"
	"context"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// HTTPConfig tunes std.http and std.mistral_http. Zero fields take the
// defaults shown.
type HTTPConfig struct {
	// DefaultTimeout bounds a request whose input has no timeout. Mistral
	// 15 has none (0), which is the default.
	DefaultTimeout time.Duration
	// MaxResponseBytes bounds a response body (default 64 MiB).
	MaxResponseBytes int64
	// UserAgent is sent unless the input sets one (default
	// "python-requests/2.28.1", what Mistral 15 sends).
	UserAgent string
}

// maxTransports bounds the transports kept for distinct verify/proxies
// settings.
const maxTransports = 64

// httpRunner runs HTTP requests for the std HTTP actions. It keeps one
// transport per (verify, proxies) setting. A connection serves one
// request only and is never pooled: like requests.request in Mistral (a
// session per call, no retries), a request is never silently re-sent,
// which Go's transport does for idempotent methods when a reused
// keep-alive connection turns out closed by the server.
type httpRunner struct {
	cfg  HTTPConfig
	base *http.Transport

	mu         sync.Mutex
	transports map[string]*http.Transport
}

func newHTTPRunner(cfg HTTPConfig) *httpRunner {
	cfg.MaxResponseBytes = orDefault(cfg.MaxResponseBytes, 64<<20)
	cfg.UserAgent = orDefault(cfg.UserAgent, "python-requests/2.28.1")
	h := &httpRunner{cfg: cfg, transports: make(map[string]*http.Transport)}
	h.base = h.newTransport(&tls.Config{}, nil)
	return h
}

// transportFor returns the transport for a verify setting (nil/true:
// verify, false: do not, a string: CA bundle file) and proxies (nil or a
// dict as requests takes it).
func (h *httpRunner) transportFor(verify any, proxies *value.Map) (*http.Transport, error) {
	insecure, caFile := false, ""
	switch v := verify.(type) {
	case string:
		caFile = v
	case nil:
	default:
		insecure = !value.Truthy(v)
	}
	if !insecure && caFile == "" && proxies.Len() == 0 {
		return h.base, nil
	}
	key := fmt.Sprintf("%t|%s|%s", insecure, caFile, value.MarshalCompact(proxies))
	h.mu.Lock()
	t, ok := h.transports[key]
	h.mu.Unlock()
	if ok {
		return t, nil
	}
	cfg := &tls.Config{InsecureSkipVerify: insecure} //nolint:gosec // verify=false asks for exactly this
	if caFile != "" {
		pem, err := os.ReadFile(caFile)
		if err != nil {
			return nil, fmt.Errorf("Could not find a suitable TLS CA certificate bundle, invalid path: %s", caFile)
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(pem) {
			return nil, fmt.Errorf("no certificates in the TLS CA certificate bundle %s", caFile)
		}
		cfg.RootCAs = pool
	}
	t = h.newTransport(cfg, proxies)
	h.mu.Lock()
	if old, ok := h.transports[key]; ok {
		t.CloseIdleConnections()
		t = old
	} else {
		if len(h.transports) >= maxTransports {
			for k, old := range h.transports {
				old.CloseIdleConnections()
				delete(h.transports, k)
				break
			}
		}
		h.transports[key] = t
	}
	h.mu.Unlock()
	return t, nil
}

func (h *httpRunner) newTransport(tlsCfg *tls.Config, proxies *value.Map) *http.Transport {
	dialer := &net.Dialer{Timeout: 30 * time.Second, KeepAlive: 30 * time.Second}
	dial := func(ctx context.Context, network, addr string) (net.Conn, error) {
		c, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		return &captureConn{Conn: c}, nil
	}
	dialTLS := func(ctx context.Context, network, addr string) (net.Conn, error) {
		raw, err := dialer.DialContext(ctx, network, addr)
		if err != nil {
			return nil, err
		}
		cfg := tlsCfg.Clone()
		if cfg.ServerName == "" {
			host, _, _ := net.SplitHostPort(addr)
			cfg.ServerName = host
		}
		tc := tls.Client(raw, cfg)
		if err := tc.HandshakeContext(ctx); err != nil {
			raw.Close()
			return nil, err
		}
		return &captureConn{Conn: tc}, nil
	}
	return &http.Transport{
		Proxy:              proxyFunc(proxies),
		DialContext:        dial,
		DialTLSContext:     dialTLS,
		TLSClientConfig:    tlsCfg,
		DisableCompression: true,
		// Negative: no connection goes back to an idle pool, so none is
		// reused (see httpRunner); unlike DisableKeepAlives, the request
		// headers stay as the action set them (no "Connection: close").
		MaxIdleConnsPerHost: -1,
		// HTTP/1.1 only, as python-requests speaks.
		TLSNextProto: map[string]func(string, *tls.Conn) http.RoundTripper{},
	}
}

// proxyFunc selects a proxy as requests does: the most specific of
// "scheme://host", "scheme", "all://host", "all" in proxies, else the
// environment (HTTP_PROXY, HTTPS_PROXY, NO_PROXY).
func proxyFunc(proxies *value.Map) func(*http.Request) (*url.URL, error) {
	return func(r *http.Request) (*url.URL, error) {
		scheme, host := r.URL.Scheme, r.URL.Hostname()
		for _, k := range [...]string{scheme + "://" + host, scheme, "all://" + host, "all"} {
			if v, ok := proxies.Get(k); ok {
				s, ok := v.(string)
				if !ok || s == "" {
					continue
				}
				if st, ok := r.Context().Value(reqStateKey{}).(*reqState); ok && scheme == "https" {
					st.proxiedTLS = true
				}
				if !strings.Contains(s, "://") {
					s = "http://" + s
				}
				return url.Parse(s)
			}
		}
		u, err := http.ProxyFromEnvironment(r)
		if u != nil && scheme == "https" {
			if st, ok := r.Context().Value(reqStateKey{}).(*reqState); ok {
				st.proxiedTLS = true
			}
		}
		return u, err
	}
}

// reqStateKey keys the per-request state in a request context.
type reqStateKey struct{}

// reqState follows one request through the transport: the connection it
// got (to read its raw response head) and whether TLS went through a
// proxy tunnel (then the raw bytes are not readable).
type reqState struct {
	conn       net.Conn
	proxiedTLS bool
}

// maxHeadBytes bounds the raw response head kept for one response.
const maxHeadBytes = 256 << 10

// captureConn keeps the raw head (status line and header lines) of the
// response to the last request written on the connection, because the
// result of std.http shows headers with the name case and order the
// server sent, which net/http does not keep.
type captureConn struct {
	net.Conn
	mu    sync.Mutex
	armed bool
	buf   []byte
	head  []byte
}

func (c *captureConn) Write(p []byte) (int, error) {
	c.mu.Lock()
	if !c.armed {
		c.armed = true
		c.buf = c.buf[:0]
		c.head = nil
	}
	c.mu.Unlock()
	return c.Conn.Write(p)
}

func (c *captureConn) Read(p []byte) (int, error) {
	n, err := c.Conn.Read(p)
	if n > 0 {
		c.mu.Lock()
		if c.armed {
			c.capture(p[:n])
		}
		c.mu.Unlock()
	}
	return n, err
}

// capture appends response bytes until a complete non-1xx head is seen.
func (c *captureConn) capture(p []byte) {
	c.buf = append(c.buf, p...)
	for {
		end, skip := headEnd(c.buf)
		if end < 0 {
			if len(c.buf) > maxHeadBytes {
				c.armed, c.buf = false, nil
			}
			return
		}
		if bytes.HasPrefix(c.buf, []byte("HTTP/")) && len(c.buf) > 9 && bytes.HasPrefix(c.buf[9:], []byte("1")) && !bytes.HasPrefix(c.buf[9:], []byte("101")) {
			// An interim 1xx response: the real head follows.
			c.buf = c.buf[end+skip:]
			continue
		}
		c.head = append([]byte(nil), c.buf[:end]...)
		c.armed = false
		c.buf = c.buf[:0]
		return
	}
}

// takeHead returns the captured head of the latest response.
func (c *captureConn) takeHead() []byte {
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.head
	c.head = nil
	return h
}

// headEnd finds the blank line ending a head: its offset and length.
func headEnd(b []byte) (int, int) {
	if i := bytes.Index(b, []byte("\r\n\r\n")); i >= 0 {
		if j := bytes.Index(b, []byte("\n\n")); j >= 0 && j < i {
			return j, 2
		}
		return i, 4
	}
	if j := bytes.Index(b, []byte("\n\n")); j >= 0 {
		return j, 2
	}
	return -1, 0
}
