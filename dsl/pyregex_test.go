package dsl

import "testing"

// TestPatternsAsPython checks the hand-written matchers against the
// translated regular expressions (Python semantics).
func TestPatternsAsPython(t *testing.T) {
	inputs := []string{"", "a", "a_1", "a-b", "é", "a b", "a\n", "a\n\n", "\n", "<% $.x %>", "<% $.x %>  \n",
		"<% a %> x", "{{ a }}", "{{ a }}\t", "{{ a\n }}", "{{}}", "{{}", "<%%>", "<% a %><% b %>", "x<% a %>",
		"{{ a }} {{ b }}", "t2", "fail(msg=x)", "٣", "a\tb", "\u00a0"}
	pairs := []struct {
		p   *pyPattern
		src string
	}{
		{wordKeyPattern, `^\w+$`},
		{nextTaskPattern, `^\S+$`},
		{jinjaWholePattern, `^({{(.*?)}})\s*$`},
		{yaqlWholePattern, `^<%.*?%>\s*$`},
	}
	for _, pr := range pairs {
		re := pyRegexp(pr.src)
		for _, in := range inputs {
			if got, want := pr.p.match(in), re.MatchString(in); got != want {
				t.Errorf("%s on %q: %v, regexp says %v", pr.src, in, got, want)
			}
		}
	}
	if !nonVersionWordPattern.match("wf-1") || nonVersionWordPattern.match("version") || nonVersionWordPattern.match("wf.1") {
		t.Error("workbook key pattern")
	}
}
