package pyyaml

import "github.com/mistral-go/mistral-go/value"

// The methods below answer for documents loaded with LoadOptions.Lines;
// they give 0 (or false) otherwise, and for values not of the document.

// KeyLine returns the line of key i of m.
func (d *Document) KeyLine(m *value.Map, i int) int {
	if p := d.pos(m); p != nil && i >= 0 && i < len(p.keys) {
		return p.keys[i]
	}
	return 0
}

// MapLine returns the line where m starts (that of its key when m is the
// value of a key).
func (d *Document) MapLine(m *value.Map) int {
	if p := d.pos(m); p != nil {
		return p.line
	}
	return 0
}

// ItemLine returns the line of element i of list l.
func (d *Document) ItemLine(l []any, i int) int {
	if d == nil || i < 0 || i >= len(l) {
		return 0
	}
	if lines := d.seqs[&l[0]]; i < len(lines) {
		return lines[i]
	}
	return 0
}

// NonStringKey returns the key i of m as it was read when it was not a
// string (an int64, float64, bool, nil or Timestamp).
func (d *Document) NonStringKey(m *value.Map, i int) (any, bool) {
	if p := d.pos(m); p != nil && p.nonStrs != nil {
		k, ok := p.nonStrs[i]
		return k, ok
	}
	return nil, false
}

func (d *Document) pos(m *value.Map) *mapPos {
	if d == nil {
		return nil
	}
	return d.maps[m]
}
