package golden

import (
	"fmt"
	"os"
	"path"
	"regexp"
	"strings"
)

// Deviation is one deliberate difference from Mistral 15, listed in
// deviations.md as a table row "| case | field | reason |".
type Deviation struct {
	// Case is a case name or a glob of names ("*" for every case).
	Case string
	// Field is a diff path; "*" stands for any run of characters other
	// than '.', and a field also covers everything below it
	// ("execution.state_info" covers "execution.state_info" only,
	// "execution.tasks[*].state_info" every task's state_info,
	// "execution.output" the whole output).
	Field string
	// Reason says why we differ.
	Reason string

	re *regexp.Regexp
}

// LoadDeviations reads the deviation table of a markdown file; a missing
// file means no deviations.
func LoadDeviations(file string) ([]Deviation, error) {
	text, err := os.ReadFile(file)
	if os.IsNotExist(err) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return ParseDeviations(string(text))
}

// ParseDeviations reads the rows of every markdown table with at least
// three columns; the header row (first cell "case") and separator rows
// are skipped. Backquotes around cells are ignored.
func ParseDeviations(text string) ([]Deviation, error) {
	var out []Deviation
	for i, line := range strings.Split(text, "\n") {
		line = strings.TrimSpace(line)
		if !strings.HasPrefix(line, "|") {
			continue
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		if len(cells) < 3 {
			continue
		}
		for j := range cells {
			cells[j] = strings.Trim(strings.TrimSpace(cells[j]), "`")
		}
		if strings.EqualFold(cells[0], "case") || strings.Trim(cells[0], "-: ") == "" {
			continue
		}
		d := Deviation{Case: cells[0], Field: cells[1], Reason: strings.Join(cells[2:], " | ")}
		if d.Field == "" || d.Reason == "" {
			return nil, fmt.Errorf("deviations line %d: a case, a field and a reason are required", i+1)
		}
		if _, err := path.Match(d.Case, ""); err != nil {
			return nil, fmt.Errorf("deviations line %d: bad case pattern %q", i+1, d.Case)
		}
		pat := strings.ReplaceAll(regexp.QuoteMeta(d.Field), `\*`, `[^.]*`)
		d.re = regexp.MustCompile(`^` + pat + `($|[.\[])`)
		out = append(out, d)
	}
	return out, nil
}

// Covers says whether the deviation allows the difference d in case c.
func (dv Deviation) Covers(c string, d Diff) bool {
	if ok, _ := path.Match(dv.Case, c); !ok {
		return false
	}
	return dv.re != nil && dv.re.MatchString(d.Path)
}

// Split separates the differences of case c into those the deviations
// allow and those they do not.
func Split(devs []Deviation, c string, diffs []Diff) (allowed, failed []Diff) {
	for _, d := range diffs {
		ok := false
		for _, dv := range devs {
			if dv.Covers(c, d) {
				ok = true
				break
			}
		}
		if ok {
			allowed = append(allowed, d)
		} else {
			failed = append(failed, d)
		}
	}
	return allowed, failed
}
