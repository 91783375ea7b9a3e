package actions

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/mistral-go/mistral-go/value"
)

// How std.http reads its URL, params and timeout inputs, with the checks
// and words of python-requests (which Mistral's HTTPAction calls).

// prepareURL parses url and appends params, with requests' checks and
// wording.
func prepareURL(raw, params any) (*url.URL, error) {
	s := strings.TrimLeft(value.Str(raw), " \t\r\n")
	if strings.Contains(s, ":") && !strings.HasPrefix(strings.ToLower(s), "http") {
		return nil, errors.New("No connection adapters were found for " + value.Repr(s))
	}
	u, err := url.Parse(s)
	if err != nil {
		return nil, errors.New("Invalid URL " + value.Repr(s) + ": " + err.Error())
	}
	if u.Scheme == "" {
		return nil, errors.New("Invalid URL " + value.Repr(s) + ": No scheme supplied. Perhaps you meant http://" + s + "?")
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, errors.New("No connection adapters were found for " + value.Repr(s))
	}
	if u.Host == "" {
		return nil, errors.New("Invalid URL " + value.Repr(s) + ": No host supplied")
	}
	u.Host = strings.ToLower(u.Host)
	if u.Path == "" {
		u.Path = "/"
	}
	u.RawQuery = requote(u.RawQuery)
	var q string
	switch p := params.(type) {
	case nil:
	case string:
		q = p
	case *value.Map, []any:
		if q, err = encodeParams(p); err != nil {
			return nil, err
		}
	default:
		if value.Truthy(p) {
			return nil, errors.New("'" + value.TypeName(p) + "' object is not iterable")
		}
	}
	if q != "" {
		if u.RawQuery != "" {
			u.RawQuery += "&" + q
		} else {
			u.RawQuery = q
		}
	}
	return u, nil
}

// requote percent-encodes the bytes of a query that may not appear in a
// request line, leaving existing escapes alone (requests' requote_uri).
func requote(s string) string {
	const safe = "!#$%&'()*+,/:;=?@[]~-._"
	var b []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte(safe, c) >= 0 {
			if b != nil {
				b = append(b, c)
			}
			continue
		}
		if b == nil {
			b = append(make([]byte, 0, len(s)+8), s[:i]...)
		}
		b = append(b, '%', "0123456789ABCDEF"[c>>4], "0123456789ABCDEF"[c&15])
	}
	if b == nil {
		return s
	}
	return string(b)
}

// encodeParams is requests' _encode_params for a dict or a list of pairs:
// a list value repeats the key, None values are dropped.
func encodeParams(p any) (string, error) {
	var b strings.Builder
	add := func(k string, v any) {
		var vs []any
		switch t := v.(type) {
		case []any:
			vs = t
		case *value.Map:
			vs = make([]any, 0, t.Len())
			for _, key := range t.Keys() {
				vs = append(vs, key)
			}
		default:
			vs = []any{v}
		}
		for _, x := range vs {
			if x == nil {
				continue
			}
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(url.QueryEscape(k))
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(value.Str(x)))
		}
	}
	switch t := p.(type) {
	case *value.Map:
		t.Range(func(k string, v any) bool { add(k, v); return true })
	case []any:
		for _, item := range t {
			pair, ok := item.([]any)
			if !ok || len(pair) != 2 {
				return "", unpackError(item)
			}
			add(value.Str(pair[0]), pair[1])
		}
	}
	return b.String(), nil
}

// encodePairs form-encodes a list of [key, value] pairs (a list body).
func encodePairs(list []any) (string, error) { return encodeParams(list) }

func unpackError(item any) error {
	n := 1
	switch t := item.(type) {
	case []any:
		n = len(t)
	case string:
		n = len([]rune(t))
	case *value.Map:
		n = t.Len()
	default:
		return errors.New("cannot unpack non-iterable " + value.TypeName(item) + " object")
	}
	if n > 2 {
		return errors.New("too many values to unpack (expected 2)")
	}
	return errors.New("not enough values to unpack (expected 2, got " + strconv.Itoa(n) + ")")
}

// requestTimeout reads the timeout input (seconds, or [connect, read]).
func requestTimeout(t any, def time.Duration) (time.Duration, error) {
	one := func(kind string, v any) (float64, error) {
		switch n := v.(type) {
		case nil:
			return 0, nil
		case bool:
			return 0, errors.New("Timeout cannot be a boolean value. It must be an int, float or None.")
		case int64:
			if n <= 0 {
				return 0, errors.New("Attempted to set " + kind + " timeout to " + value.Str(v) + ", but the timeout cannot be set to a value less than or equal to 0.")
			}
			return float64(n), nil
		case float64:
			if n <= 0 {
				return 0, errors.New("Attempted to set " + kind + " timeout to " + value.Str(v) + ", but the timeout cannot be set to a value less than or equal to 0.")
			}
			return n, nil
		}
		return 0, errors.New("Timeout value " + kind + " was " + value.Str(v) + ", but it must be an int, float or None.")
	}
	if t == nil {
		return def, nil
	}
	if pair, ok := t.([]any); ok && len(pair) == 2 {
		c, err := one("connect", pair[0])
		if err != nil {
			return 0, err
		}
		r, err := one("read", pair[1])
		if err != nil {
			return 0, err
		}
		if c == 0 || r == 0 {
			return 0, nil
		}
		return seconds(c + r), nil
	}
	s, err := one("connect", t)
	return seconds(s), err
}

// readTimeoutError words a timeout as urllib3 does.
func readTimeoutError(u *url.URL, timeout any) error {
	pool := "HTTPConnectionPool"
	port := u.Port()
	if u.Scheme == "https" {
		pool = "HTTPSConnectionPool"
		if port == "" {
			port = "443"
		}
	} else if port == "" {
		port = "80"
	}
	return errors.New(pool + "(host=" + value.Repr(u.Hostname()) + ", port=" + port + "): Read timed out. (read timeout=" + value.Str(timeout) + ")")
}

func asMap(v any) *value.Map {
	m, _ := v.(*value.Map)
	return m
}
