package httpd

import (
	"html"
	"net/http"
	"regexp"
	"strconv"
	"strings"

	"github.com/mistral-go/mistral-go/value"
)

// page is a framework-level response (404 unknown path, 405, 406, the
// /v2 redirect) rendered the way Mistral's web stack (pecan over webob)
// renders it: JSON when the client prefers application/json, else an HTML
// page, else plain text.
type page struct {
	status int
	// body is the webob body template already filled except for the
	// escaping of inserted values: it is built by a function so the HTML
	// and plain forms escape differently.
	body func(esc func(string) string) string
	// detail is the JSON "description": nil gives null.
	detail *string
	header http.Header
}

var (
	brRE      = regexp.MustCompile(`(?i)<br.*?>`)
	commentRE = regexp.MustCompile(`(?s)<!--|-->`)
	tagRE     = regexp.MustCompile(`(?s)<.*?>`)
)

func stripTags(s string) string {
	s = strings.ReplaceAll(s, "\n", " ")
	s = strings.ReplaceAll(s, "\r", "")
	s = brRE.ReplaceAllString(s, "\n")
	s = commentRE.ReplaceAllString(s, "")
	return tagRE.ReplaceAllString(s, "")
}

func noEscape(s string) string { return s }

// write renders the page for the request's Accept header.
func (p *page) write(w http.ResponseWriter, r *http.Request) {
	status := strconv.Itoa(p.status) + " " + http.StatusText(p.status)
	h := w.Header()
	for k, v := range p.header {
		h[k] = v
	}
	accept := r.Header.Get("Accept")
	pecanAccept := accept
	if pecanAccept == "" {
		pecanAccept = "*/*"
	}
	var body []byte
	switch {
	case bestOffer(pecanAccept, "text/plain", "text/html", "application/json") == "application/json":
		h.Set("Content-Type", "application/json")
		body = append(body, `{"code": `...)
		body = strconv.AppendInt(body, int64(p.status), 10)
		body = append(body, `, "title": `...)
		body = value.AppendJSONString(body, http.StatusText(p.status), true)
		body = append(body, `, "description": `...)
		if p.detail == nil {
			body = append(body, "null"...)
		} else {
			body = value.AppendJSONString(body, *p.detail, true)
		}
		body = append(body, '}')
	case accept != "" && bestOffer(accept, "text/html", "application/json") == "text/html":
		h.Set("Content-Type", "text/html; charset=UTF-8")
		body = []byte("<html>\n <head>\n  <title>" + status + "</title>\n </head>\n <body>\n  <h1>" +
			status + "</h1>\n  " + p.body(html.EscapeString) + "\n </body>\n</html>")
	default:
		h.Set("Content-Type", "text/plain; charset=UTF-8")
		body = []byte(status + "\n\n" + stripTags(p.body(noEscape)))
	}
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(p.status)
	if r.Method != http.MethodHead {
		_, _ = w.Write(body)
	}
}

func notFoundPage() *page {
	return &page{status: http.StatusNotFound, body: func(func(string) string) string {
		return "The resource could not be found.<br /><br />\n\n\n"
	}}
}

func methodNotAllowedPage(method, allow string) *page {
	empty := ""
	return &page{
		status: http.StatusMethodNotAllowed,
		body: func(esc func(string) string) string {
			return "The method " + esc(method) + " is not allowed for this resource. <br /><br />\n"
		},
		detail: &empty,
		header: http.Header{"Allow": {allow}},
	}
}

func notAcceptablePage(accept string) *page {
	return &page{status: http.StatusNotAcceptable, body: func(esc func(string) string) string {
		return "The resource could not be generated that was acceptable to your browser\n(content of type " +
			esc(accept) + ". <br /><br />\n"
	}}
}

func foundPage(location string) *page {
	return &page{
		status: http.StatusFound,
		body: func(esc func(string) string) string {
			return "The resource was found at <a href=\"" + esc(location) + "\">" + esc(location) +
				"</a>;\nyou should be redirected automatically.\n\n"
		},
		header: http.Header{"Location": {location}},
	}
}
