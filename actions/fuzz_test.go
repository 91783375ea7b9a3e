package actions

import (
	"context"
	"errors"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func FuzzParseSignature(f *testing.F) {
	for _, a := range std.Actions() {
		f.Add(a.Signature.String())
	}
	f.Add(`a, b={"x": [1, 2]}, c='q', **kw`)
	f.Add(`x=[, y="\"", z`)
	f.Fuzz(func(t *testing.T, spec string) {
		s, err := ParseSignature(spec)
		if err != nil {
			return
		}
		_ = s.Check("a", "C", value.MapOf("x", int64(1)))
		back, err := ParseSignature(NewSignature(s.Params()).String())
		if err != nil {
			t.Fatalf("rendered spec of %q does not parse: %v", spec, err)
		}
		if len(back.Params()) != len(s.Params()) {
			t.Fatalf("%q: %d params, rendered and parsed again %d", spec, len(s.Params()), len(back.Params()))
		}
		for i, p := range s.Params() {
			q := back.Params()[i]
			if p.Name != q.Name || p.Required != q.Required || value.MarshalPy(p.Default) != value.MarshalPy(q.Default) {
				t.Fatalf("%q: param %+v became %+v", spec, p, q)
			}
		}
	})
}

func FuzzParseHead(f *testing.F) {
	f.Add([]byte("HTTP/1.1 200 OK\r\nA: 1\r\n b\r\na: 2\r\nX:\r\n"))
	f.Add([]byte("HTTP/1.0 204\nServer: x"))
	f.Fuzz(func(t *testing.T, b []byte) {
		h, ok := parseHead(b)
		if !ok {
			return
		}
		for i := 0; i < h.headers.Len(); i++ {
			if _, v := h.headers.At(i); v == nil {
				t.Fatal("nil header value")
			}
		}
		_ = responseEncoding(headerValue(h.headers, "content-type"))
	})
}

// FuzzBindStd binds every std action to arbitrary input: never a panic,
// and every refusal is an *InputError. The quick local actions also run.
func FuzzBindStd(f *testing.F) {
	f.Add(`{"output": 1, "delay": "x"}`)
	f.Add(`{"url": "http://x", "body": {"a": 1}, "json": [1]}`)
	f.Add(`{"size": 3, "key_prefix": null, "val": {"a": []}}`)
	f.Add(`{"error_data": {"x": 1}}`)
	f.Fuzz(func(t *testing.T, input string) {
		v, err := value.DecodeString(input)
		if err != nil {
			return
		}
		in, ok := v.(*value.Map)
		if !ok {
			return
		}
		for _, a := range std.Actions() {
			c, err := a.Bind(in)
			if err != nil {
				var ie *InputError
				if !errors.As(err, &ie) {
					t.Fatalf("%s: %T %v", a.Name, err, err)
				}
				continue
			}
			switch a.Name {
			case "std.noop", "std.async_noop", "std.fail":
				_ = c.Run(context.Background(), nil, 0)
			case "std.test_dict":
				if size, _ := in.Get("size"); !isBigInt(size) {
					_ = c.Run(context.Background(), nil, 0)
				}
			}
		}
	})
}

func isBigInt(v any) bool {
	n, ok := v.(int64)
	return ok && n > 1000
}
