package e2e

import (
	"bytes"
	"fmt"
	"net/http"
	"os"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// Sample is one request/response pair captured from the real Mistral 15
// (shared/reference/mistral-15-samples).
type Sample struct {
	Name    string
	Method  string
	Path    string // path and query
	Header  http.Header
	Body    []byte
	Status  int
	RHeader http.Header
	RBody   []byte
}

// LoadSample parses a sample file.
func LoadSample(path string) (*Sample, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	s := &Sample{Name: path, Header: http.Header{}, RHeader: http.Header{}}
	reqPart, resPart, ok := bytes.Cut(raw, []byte("\n### Response"))
	if !ok {
		return nil, fmt.Errorf("%s: no response section", path)
	}
	lines := strings.Split(string(reqPart), "\n")
	if len(lines) < 2 || lines[0] != "### Request" {
		return nil, fmt.Errorf("%s: no request section", path)
	}
	f := strings.Fields(lines[1])
	if len(f) < 2 {
		return nil, fmt.Errorf("%s: bad request line", path)
	}
	s.Method, s.Path = f[0], f[1]
	i := 2
	for ; i < len(lines) && lines[i] != ""; i++ {
		if strings.HasPrefix(lines[i], "#") {
			continue
		}
		k, v, _ := strings.Cut(lines[i], ":")
		s.Header.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	if n, err := strconv.Atoi(s.Header.Get("Content-Length")); err == nil {
		body := []byte(strings.Join(lines[min(i+1, len(lines)):], "\n"))
		if n > len(body) {
			return nil, fmt.Errorf("%s: body shorter than Content-Length", path)
		}
		s.Body = body[:n]
	}
	// Response: "(N ms)\nHTTP/1.1 200 OK\nHeaders\n\nbody"
	_, resPart, _ = bytes.Cut(resPart, []byte("\n"))
	head, body, _ := bytes.Cut(resPart, []byte("\n\n"))
	hl := strings.Split(string(head), "\n")
	var statusLine string
	for j, l := range hl {
		if strings.HasPrefix(l, "HTTP/") {
			statusLine = l
			hl = hl[j+1:]
			break
		}
	}
	sf := strings.Fields(statusLine)
	if len(sf) < 2 {
		return nil, fmt.Errorf("%s: no status line", path)
	}
	if s.Status, err = strconv.Atoi(sf[1]); err != nil {
		return nil, fmt.Errorf("%s: bad status line", path)
	}
	for _, l := range hl {
		k, v, _ := strings.Cut(l, ":")
		s.RHeader.Add(strings.TrimSpace(k), strings.TrimSpace(v))
	}
	if n, err := strconv.Atoi(s.RHeader.Get("Content-Length")); err == nil && n <= len(body) {
		body = body[:n]
	} else {
		body = bytes.TrimRight(body, "\n")
	}
	s.RBody = body
	return s, nil
}

var (
	timestampRE = regexp.MustCompile(`^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$`)
	uuidRE      = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)
)

// Format names the wire format of a JSON value: "null", "bool", "int",
// "float", "timestamp", "uuid", "url", "string", "json-string:<format
// of the decoded document>", "list[<format of the first item>]" or
// "object{k1,k2,...}" (keys sorted; nested formats are compared by
// DiffShapes).
func Format(v any) string {
	switch x := v.(type) {
	case nil:
		return "null"
	case bool:
		return "bool"
	case int64:
		return "int"
	case float64:
		return "float"
	case string:
		switch {
		case timestampRE.MatchString(x):
			return "timestamp"
		case uuidRE.MatchString(x):
			return "uuid"
		case strings.HasPrefix(x, "http://") || strings.HasPrefix(x, "https://"):
			return "url"
		case strings.HasPrefix(x, "{") || strings.HasPrefix(x, "["):
			if d, err := value.DecodeString(x); err == nil {
				return "json-string:" + Format(d)
			}
		}
		return "string"
	case []any:
		if len(x) == 0 {
			return "list[]"
		}
		return "list[" + Format(x[0]) + "]"
	case *value.Map:
		keys := slices.Clone(x.Keys())
		slices.Sort(keys)
		return "object{" + strings.Join(keys, ",") + "}"
	}
	return fmt.Sprintf("%T", v)
}

// DiffShapes compares two JSON documents by structure: the same keys in
// every object and the same Format for every value (lists compare their
// first items; an empty list matches any list). It returns one line per
// difference, prefixed with the JSON path; paths listed in allow (e.g.
// "actions[].created_at") are not compared.
func DiffShapes(want, got any, allow ...string) []string {
	var out []string
	diffShapes(&out, "", want, got, allow)
	return out
}

func diffShapes(out *[]string, path string, want, got any, allow []string) {
	if slices.Contains(allow, path) {
		return
	}
	switch w := want.(type) {
	case *value.Map:
		g, ok := got.(*value.Map)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: want an object, got %s", path, Format(got)))
			return
		}
		// Keys are the maps' own slices: sort copies.
		wk, gk := slices.Clone(w.Keys()), slices.Clone(g.Keys())
		slices.Sort(wk)
		slices.Sort(gk)
		if !slices.Equal(wk, gk) {
			*out = append(*out, fmt.Sprintf("%s: keys %v, want %v", path, gk, wk))
		}
		for _, k := range wk {
			gv, ok := g.Get(k)
			if !ok {
				continue
			}
			wv, _ := w.Get(k)
			diffShapes(out, join(path, k), wv, gv, allow)
		}
	case []any:
		g, ok := got.([]any)
		if !ok {
			*out = append(*out, fmt.Sprintf("%s: want a list, got %s", path, Format(got)))
			return
		}
		if len(w) > 0 && len(g) > 0 {
			diffShapes(out, path+"[]", w[0], g[0], allow)
		}
	case string:
		wf, gf := Format(want), Format(got)
		if strings.HasPrefix(wf, "json-string:") && strings.HasPrefix(gf, "json-string:") {
			wd, _ := value.DecodeString(w)
			gd, _ := value.DecodeString(got.(string))
			diffShapes(out, path+"<json>", wd, gd, allow)
			return
		}
		if wf != gf {
			*out = append(*out, fmt.Sprintf("%s: format %s, want %s", path, gf, wf))
		}
	default:
		if Format(want) != Format(got) {
			*out = append(*out, fmt.Sprintf("%s: format %s, want %s", path, Format(got), Format(want)))
		}
	}
}

func join(path, k string) string {
	if path == "" {
		return k
	}
	return path + "." + k
}
