package storage

// SpecText is the text of a workflow definition as executions run it,
// stored once per version (its ID is a hash of the text) and shared by
// every execution of that version: an execution keeps only the ID, so
// it can be rebuilt after a restart even if its definition changed or
// was deleted since.
type SpecText struct {
	ID        string
	Text      string
	Workbook  string
	CreatedAt int64
}

type specTextCodec struct{}

func (specTextCodec) Append(b []byte, r *SpecText) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Text)
	e.String(r.Workbook)
	e.Int(r.CreatedAt)
	return e.B
}

func (specTextCodec) Decode(b []byte, r *SpecText) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Text = d.String()
	r.Workbook = d.String()
	r.CreatedAt = d.Int()
	return d.Err
}

var specTextSchema = Schema[SpecText]{
	Keyspace: "ws",
	Codec:    specTextCodec{},
	ID:       func(r *SpecText) string { return r.ID },
	Created:  func(r *SpecText) int64 { return r.CreatedAt },
	Fields: []Field[SpecText]{
		{Name: "id", Kind: KindText, Get: func(r *SpecText) any { return r.ID }},
		{Name: "created_at", Kind: KindTime, Get: func(r *SpecText) any { return r.CreatedAt }},
	},
}
