package actions

import (
	"bytes"
	"compress/flate"
	"compress/gzip"
	"compress/zlib"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"golang.org/x/text/encoding/htmlindex"

	"github.com/mistral-go/mistral-go/value"
)

// rawHead is a response head as the server sent it.
type rawHead struct {
	reason  string
	headers *value.Map // first-seen name case, repeated names joined by ", "
}

// parseHead parses a captured head; ok is false when it is not one.
func parseHead(b []byte) (rawHead, bool) {
	var h rawHead
	lines := strings.Split(strings.ReplaceAll(string(b), "\r\n", "\n"), "\n")
	status := lines[0]
	if !strings.HasPrefix(status, "HTTP/") {
		return h, false
	}
	parts := strings.SplitN(status, " ", 3)
	if len(parts) == 3 {
		h.reason = strings.TrimSpace(parts[2])
	}
	h.headers = value.NewMap(len(lines))
	var folded []string // lower-case names in h.headers order
	last := -1
	for _, line := range lines[1:] {
		if line == "" {
			continue
		}
		if (line[0] == ' ' || line[0] == '\t') && last >= 0 {
			k, v := h.headers.At(last)
			h.headers.Set(k, v.(string)+" "+strings.TrimSpace(line))
			continue
		}
		name, val, ok := strings.Cut(line, ":")
		if !ok {
			continue
		}
		name = strings.TrimRight(name, " \t")
		val = strings.Trim(val, " \t")
		lower := strings.ToLower(name)
		last = -1
		for i, f := range folded {
			if f == lower {
				last = i
				break
			}
		}
		if last >= 0 {
			k, prev := h.headers.At(last)
			h.headers.Set(k, prev.(string)+", "+val)
			continue
		}
		folded = append(folded, lower)
		h.headers.Set(name, val)
		last = len(folded) - 1
	}
	return h, true
}

// headFromResponse is the fallback when the raw head could not be read
// (TLS through a proxy): net/http's canonical names, sorted.
func headFromResponse(resp *http.Response) rawHead {
	keys := make([]string, 0, len(resp.Header))
	for k := range resp.Header {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	m := value.NewMap(len(keys))
	for _, k := range keys {
		m.Set(k, strings.Join(resp.Header[k], ", "))
	}
	reason := strings.TrimSpace(strings.TrimPrefix(resp.Status, fmt.Sprint(resp.StatusCode)))
	return rawHead{reason: reason, headers: m}
}

// headerValue finds a header case-insensitively.
func headerValue(m *value.Map, name string) string {
	for i := 0; i < m.Len(); i++ {
		k, v := m.At(i)
		if strings.EqualFold(k, name) {
			s, _ := v.(string)
			return s
		}
	}
	return ""
}

// readBody reads a response body up to limit bytes and undoes its
// Content-Encoding (gzip, deflate), as requests does.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	body, err := io.ReadAll(io.LimitReader(resp.Body, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("HTTP response is too large (limit=%d bytes).", limit)
	}
	encs := strings.Split(resp.Header.Get("Content-Encoding"), ",")
	for i := len(encs) - 1; i >= 0 && len(body) > 0; i-- {
		var r io.Reader
		switch strings.ToLower(strings.TrimSpace(encs[i])) {
		case "gzip", "x-gzip":
			zr, err := gzip.NewReader(bytes.NewReader(body))
			if err != nil {
				return nil, contentDecodingError(encs[i], err)
			}
			r = zr
		case "deflate":
			if zr, err := zlib.NewReader(bytes.NewReader(body)); err == nil {
				r = zr
			} else {
				r = flate.NewReader(bytes.NewReader(body))
			}
		default:
			continue
		}
		out, err := io.ReadAll(io.LimitReader(r, limit+1))
		if err != nil {
			return nil, contentDecodingError(encs[i], err)
		}
		if int64(len(out)) > limit {
			return nil, fmt.Errorf("HTTP response is too large (limit=%d bytes).", limit)
		}
		body = out
	}
	return body, nil
}

func contentDecodingError(enc string, err error) error {
	return fmt.Errorf("('Received response with content-encoding: %s, but failed to decode it.', %v)", strings.TrimSpace(enc), err)
}

// responseEncoding is requests' get_encoding_from_headers: the charset
// of Content-Type, else ISO-8859-1 for text/*, else utf-8 for JSON, else
// None (nil).
func responseEncoding(contentType string) any {
	if contentType == "" {
		return nil
	}
	tokens := strings.Split(contentType, ";")
	for _, p := range tokens[1:] {
		p = strings.TrimSpace(p)
		k, v, ok := strings.Cut(p, "=")
		if ok && strings.ToLower(strings.Trim(k, "\"' ")) == "charset" {
			return strings.Trim(strings.Trim(v, "\"' "), "'\"")
		}
	}
	ct := strings.TrimSpace(tokens[0])
	if strings.Contains(ct, "text") {
		return "ISO-8859-1"
	}
	if strings.Contains(ct, "application/json") {
		return "utf-8"
	}
	return nil
}

// decodeText decodes body in the named encoding (utf-8 when nil or
// unknown); invalid bytes become U+FFFD.
func decodeText(body []byte, enc any) string {
	name, _ := enc.(string)
	switch strings.ToLower(strings.ReplaceAll(name, "_", "-")) {
	case "", "utf-8", "utf8":
	case "iso-8859-1", "latin-1", "latin1", "l1", "iso8859-1":
		rs := make([]rune, len(body))
		for i, c := range body {
			rs[i] = rune(c)
		}
		return string(rs)
	default:
		if e, err := htmlindex.Get(name); err == nil {
			if s, err := e.NewDecoder().Bytes(body); err == nil {
				return string(s)
			}
		}
	}
	if utf8.Valid(body) {
		return string(body)
	}
	return strings.ToValidUTF8(string(body), "\uFFFD")
}

// responseContent is the `content` of the result: the body parsed as JSON
// when it is JSON, else its text.
func responseContent(body []byte, enc any) any {
	if len(body) == 0 {
		return ""
	}
	text := decodeText(body, enc)
	if v, err := value.DecodeString(text); err == nil {
		return v
	}
	return text
}

// historyEntry renders a redirect response the way Mistral serialises a
// requests Response: the list of its 128-byte content chunks.
func historyEntry(body []byte) []any {
	out := make([]any, 0, (len(body)+127)/128)
	for len(body) > 0 {
		n := min(len(body), 128)
		out = append(out, decodeText(body[:n], nil))
		body = body[n:]
	}
	return out
}

// responseCookies is dict(resp.cookies): the cookies the response sets.
func responseCookies(resp *http.Response) *value.Map {
	cs := resp.Cookies()
	m := value.NewMap(len(cs))
	for _, c := range cs {
		m.Set(c.Name, c.Value)
	}
	return m
}

// elapsedSeconds is timedelta.total_seconds(): microsecond precision.
func elapsedSeconds(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1e6
}
