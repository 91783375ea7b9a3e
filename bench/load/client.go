package load

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// Client speaks the Mistral v2 REST API over keep-alive connections. It
// is safe for concurrent use.
type Client struct {
	base string
	hc   *http.Client
}

// NewClient returns a client of the API at base (e.g.
// "http://127.0.0.1:8989") keeping up to conns idle connections open.
func NewClient(base string, conns int) *Client {
	if conns < 2 {
		conns = 2
	}
	tr := &http.Transport{
		Proxy:               nil,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
		MaxIdleConns:        conns,
		MaxIdleConnsPerHost: conns,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
	}
	return &Client{base: strings.TrimRight(base, "/"), hc: &http.Client{Transport: tr, Timeout: 5 * time.Minute}}
}

// StatusError is a response with an unexpected status code.
type StatusError struct {
	Method, Path string
	Code         int
	Body         string
}

func (e *StatusError) Error() string {
	return fmt.Sprintf("%s %s: HTTP %d: %s", e.Method, e.Path, e.Code, e.Body)
}

// Do sends one request and returns the response body when the status
// is 2xx; any other status is a *StatusError. body may be nil; ctype is
// its content type.
func (c *Client) Do(ctx context.Context, method, path string, body []byte, ctype string) ([]byte, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, c.base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", ctype)
	}
	resp, err := c.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode/100 != 2 {
		msg := string(data)
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return nil, &StatusError{Method: method, Path: path, Code: resp.StatusCode, Body: msg}
	}
	return data, nil
}

// JSON sends one request with a JSON body (nil for none) and decodes a
// 2xx response into out (nil to discard it).
func (c *Client) JSON(ctx context.Context, method, path string, body []byte, out any) error {
	data, err := c.Do(ctx, method, path, body, "application/json")
	if err != nil {
		return err
	}
	if out == nil || len(data) == 0 {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s %s: decode response: %w", method, path, err)
	}
	return nil
}

// Close closes the idle connections.
func (c *Client) Close() { c.hc.CloseIdleConnections() }

// execRef is the part of an execution the load generator reads.
type execRef struct {
	ID    string `json:"id"`
	State string `json:"state"`
}

// execPage is a page of GET /v2/executions.
type execPage struct {
	Executions []execRef `json:"executions"`
}

// finalState reports whether s is a terminal execution state.
func finalState(s string) bool { return s == "SUCCESS" || s == "ERROR" || s == "CANCELLED" }
