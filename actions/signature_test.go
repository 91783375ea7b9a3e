package actions

import (
	"errors"
	"testing"

	"github.com/mistral-go/mistral-go/value"
)

func TestParseSignature(t *testing.T) {
	s, err := ParseSignature(`url, method="GET", params=null, n=0, x=[1, 2], m={"a": "b,c"}, raw=abc`)
	if err != nil {
		t.Fatal(err)
	}
	want := []struct {
		name     string
		required bool
		def      string
	}{
		{"url", true, "null"}, {"method", false, `"GET"`}, {"params", false, "null"}, {"n", false, "0"},
		{"x", false, "[1, 2]"}, {"m", false, `{"a": "b,c"}`}, {"raw", false, `"abc"`},
	}
	ps := s.Params()
	if len(ps) != len(want) {
		t.Fatalf("got %d params: %+v", len(ps), ps)
	}
	for i, w := range want {
		if ps[i].Name != w.name || ps[i].Required != w.required || value.MarshalPy(ps[i].Default) != w.def {
			t.Errorf("param %d = %+v (default %s), want %+v", i, ps[i], value.MarshalPy(ps[i].Default), w)
		}
	}
	if s.AcceptsAny() {
		t.Error("AcceptsAny without **")
	}
	if _, err := ParseSignature("a, =1"); err == nil {
		t.Error("empty name accepted")
	}
	kw, _ := ParseSignature("a, **kwargs")
	if !kw.AcceptsAny() || len(kw.Params()) != 1 {
		t.Errorf("**kwargs: %+v", kw)
	}
	if err := kw.Check("x", "C", value.MapOf("zzz", 1)); err != nil {
		t.Errorf("** spec rejected input: %v", err)
	}
}

func TestNewSignatureRendersLikeMistral(t *testing.T) {
	s := NewSignature([]Param{
		{Name: "a", Required: true},
		{Name: "b", Default: "x"},
		{Name: "c", Default: value.MapOf("k", []any{int64(1), "é"})},
		{Name: "d"},
	})
	const want = `a, b="x", c={"k": [1, "\u00e9"]}, d=null`
	if s.String() != want {
		t.Fatalf("spec %q, want %q", s.String(), want)
	}
	back, err := ParseSignature(s.String())
	if err != nil || len(back.Params()) != 4 || !value.Equal(back.Params()[2].Default, s.Params()[2].Default) {
		t.Fatalf("round trip: %+v %v", back, err)
	}
}

func TestSignatureCheckMessage(t *testing.T) {
	s := mustSignature("output, delay=0, other")
	cases := []struct {
		in   *value.Map
		want string
	}{
		{value.MapOf("output", 1), "Invalid input [name=std.x, class=pkg.X, missing=['other']]"},
		{value.MapOf("output", 1, "other", 2, "zz", 3, "aa", 4), "Invalid input [name=std.x, class=pkg.X, unexpected=['zz', 'aa']]"},
		{value.MapOf("it's", 1), `Invalid input [name=std.x, class=pkg.X, missing=['output', 'other'], unexpected=["it's"]]`},
		{nil, "Invalid input [name=std.x, class=pkg.X, missing=['output', 'other']]"},
	}
	for _, c := range cases {
		err := s.Check("std.x", "pkg.X", c.in)
		var ie *InputError
		if !errors.As(err, &ie) || err.Error() != c.want {
			t.Errorf("Check(%s) = %v, want %s", value.MarshalPy(c.in), err, c.want)
		}
	}
	if err := s.Check("std.x", "pkg.X", value.MapOf("output", 1, "other", nil)); err != nil {
		t.Errorf("valid input rejected: %v", err)
	}
}

func TestCheckAllocatesNothingOnSuccess(t *testing.T) {
	s := mustSignature(httpSpec)
	in := value.MapOf("url", "http://x", "method", "POST", "timeout", int64(3))
	if n := testing.AllocsPerRun(100, func() { _ = s.Check("std.http", "C", in) }); n != 0 {
		t.Errorf("Check allocates %v times", n)
	}
}
