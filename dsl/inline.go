package dsl

import (
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Inline parameters ("std.echo output=x", "fail msg=<% $.e %>",
// "count=3 delay=1"), parsed exactly as Mistral's regular expressions do,
// pitfalls included (dsl.md §8).
var (
	// cmdPattern finds the name at the start of the string.
	cmdPattern = pyRegexp(`^([\w\.]+[^=\(\s\"]*|<%.*?%>|\{\{.*\}\}|\{%.*%\})`)
	// paramsPattern finds the key=value pairs anywhere in the string.
	paramsPattern = pyRegexp(`([-_\w]+)=("[^"]*"\s*|'[^']*'\s*|(\{\{(.*?)\}\})|<%.*?%>|\[.*\]\s*|true|false|null|\d+)`)
)

// parseCmd splits "name p1=v1 p2=v2" into the name and its parameters,
// as Mistral's _parse_cmd_and_input does. A string without a space is
// all name.
func parseCmd(s string) (string, *value.Map, *Error) {
	params := value.NewMap(0)
	if !strings.Contains(s, " ") {
		return s, params, nil
	}
	cmd := cmdPattern.FindString(s)
	if cmd == "" {
		return "", nil, errorf("Invalid action/workflow task property: %s", s)
	}
	for _, m := range paramsPattern.FindAllStringSubmatch(s, -1) {
		k := m[1]
		v := strings.TrimFunc(m[2], isPySpace)
		if v != "" && (v[0] == '"' || v[0] == '\'') {
			if len(v) >= 2 {
				params.Set(k, v[1:len(v)-1])
			} else {
				params.Set(k, "")
			}
			continue
		}
		if x, err := value.DecodeString(v); err == nil {
			params.Set(k, x)
		} else {
			params.Set(k, v)
		}
	}
	return cmd, params, nil
}

// isPySpace is Python's str.isspace for one character.
func isPySpace(r rune) bool {
	switch r {
	case '\t', '\n', '\v', '\f', '\r', 0x1c, 0x1d, 0x1e, 0x1f, ' ', 0x85, 0xa0, 0x1680,
		0x2028, 0x2029, 0x202f, 0x205f, 0x3000:
		return true
	}
	return r >= 0x2000 && r <= 0x200a
}

// mergeInto merges right into left in place, right winning except that
// two mappings under one key are merged (Mistral's merge_dicts).
func mergeInto(left, right *value.Map) {
	for i := 0; i < right.Len(); i++ {
		k, rv := right.At(i)
		if lv, ok := left.Get(k); ok {
			lm, lok := lv.(*value.Map)
			rm, rok := rv.(*value.Map)
			if lok && rok {
				mergeInto(lm, rm)
				continue
			}
		}
		left.Set(k, rv)
	}
}
