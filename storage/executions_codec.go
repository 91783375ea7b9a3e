package storage

import (
	"encoding/binary"

	"github.com/mistral-go/mistral-go/value"
)

// Codecs of the engine's records. Values (maps, results) are stored in
// the compact JSON form of value.AppendCompact, length-prefixed, with a
// zero length standing for "absent" (a nil map or a null result that the
// record distinguishes from JSON null).

// appendValue appends v as length+1-prefixed compact JSON, or a single
// zero byte when !present.
func appendValue(e *Encoder, v any, present bool) {
	if !present {
		e.B = append(e.B, 0)
		return
	}
	start := len(e.B)
	e.B = value.AppendCompact(e.B, v)
	n := len(e.B) - start
	var hdr [binary.MaxVarintLen64]byte
	h := binary.PutUvarint(hdr[:], uint64(n)+1)
	e.B = append(e.B, hdr[:h]...)
	copy(e.B[start+h:], e.B[start:start+n])
	copy(e.B[start:], hdr[:h])
}

// decodeValue reads what appendValue wrote; present is false for the
// absent marker.
func decodeValue(d *Decoder) (v any, present bool) {
	n := d.Uint()
	if n == 0 || d.Err != nil {
		return nil, false
	}
	s := d.take(n - 1)
	if d.Err != nil {
		return nil, false
	}
	v, err := value.DecodeString(s)
	if err != nil {
		d.fail()
		return nil, false
	}
	return v, true
}

func appendMap(e *Encoder, m *value.Map) { appendValue(e, m, m != nil) }

func decodeMap(d *Decoder) *value.Map {
	v, ok := decodeValue(d)
	if !ok {
		return nil
	}
	m, isMap := v.(*value.Map)
	if !isMap {
		d.fail()
		return nil
	}
	return m
}

type executionCodec struct{}

func (executionCodec) Append(b []byte, r *Execution) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.WorkflowID)
	e.String(r.WorkflowName)
	e.String(r.WorkflowNamespace)
	e.String(r.Description)
	e.Strings(r.Tags)
	appendMap(&e, r.Params)
	e.String(r.TaskExecutionID)
	e.String(r.RootExecutionID)
	e.String(r.SourceExecutionID)
	e.String(r.State)
	e.NullString(r.StateInfo, r.HasStateInfo)
	appendMap(&e, r.Input)
	appendMap(&e, r.Output)
	e.String(r.ProjectID)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	appendMap(&e, r.Context)
	e.Bytes(r.Engine)
	return e.B
}

func (executionCodec) Decode(b []byte, r *Execution) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.WorkflowID = d.String()
	r.WorkflowName = d.String()
	r.WorkflowNamespace = d.String()
	r.Description = d.String()
	r.Tags = d.Strings()
	r.Params = decodeMap(&d)
	r.TaskExecutionID = d.String()
	r.RootExecutionID = d.String()
	r.SourceExecutionID = d.String()
	r.State = d.String()
	r.StateInfo, r.HasStateInfo = d.NullString()
	r.Input = decodeMap(&d)
	r.Output = decodeMap(&d)
	r.ProjectID = d.String()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	r.Context = decodeMap(&d)
	r.Engine = d.Bytes()
	return d.Err
}

type taskCodec struct{}

func (taskCodec) Append(b []byte, r *Task) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Type)
	e.String(r.WorkflowName)
	e.String(r.WorkflowNamespace)
	e.String(r.WorkflowID)
	e.String(r.WorkflowExecutionID)
	e.Strings(r.Tags)
	e.String(r.State)
	e.NullString(r.StateInfo, r.HasStateInfo)
	e.String(r.ProjectID)
	appendMap(&e, r.RuntimeContext)
	appendValue(&e, r.Result, true)
	appendMap(&e, r.Published)
	e.Bool(r.Processed)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	e.Int(r.StartedAt)
	e.Int(r.FinishedAt)
	appendMap(&e, r.InContext)
	e.Bytes(r.Engine)
	appendMap(&e, r.PublishedGlobal)
	return e.B
}

func (taskCodec) Decode(b []byte, r *Task) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Type = d.String()
	r.WorkflowName = d.String()
	r.WorkflowNamespace = d.String()
	r.WorkflowID = d.String()
	r.WorkflowExecutionID = d.String()
	r.Tags = d.Strings()
	r.State = d.String()
	r.StateInfo, r.HasStateInfo = d.NullString()
	r.ProjectID = d.String()
	r.RuntimeContext = decodeMap(&d)
	r.Result, _ = decodeValue(&d)
	r.Published = decodeMap(&d)
	r.Processed = d.Bool()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	r.StartedAt = d.Int()
	r.FinishedAt = d.Int()
	r.InContext = decodeMap(&d)
	r.Engine = d.Bytes()
	if d.S != "" {
		r.PublishedGlobal = decodeMap(&d)
	}
	return d.Err
}

type actionExecutionCodec struct{}

func (actionExecutionCodec) Append(b []byte, r *ActionExecution) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.WorkflowName)
	e.String(r.WorkflowNamespace)
	e.String(r.TaskName)
	e.String(r.TaskExecutionID)
	e.String(r.WorkflowExecutionID)
	e.String(r.State)
	e.NullString(r.StateInfo, r.HasStateInfo)
	e.Strings(r.Tags)
	e.String(r.Description)
	e.String(r.ProjectID)
	e.Bool(r.Accepted)
	appendMap(&e, r.Input)
	appendMap(&e, r.Output)
	appendMap(&e, r.Params)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	e.Int(int64(r.Index))
	e.Bytes(r.Engine)
	return e.B
}

func (actionExecutionCodec) Decode(b []byte, r *ActionExecution) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.WorkflowName = d.String()
	r.WorkflowNamespace = d.String()
	r.TaskName = d.String()
	r.TaskExecutionID = d.String()
	r.WorkflowExecutionID = d.String()
	r.State = d.String()
	r.StateInfo, r.HasStateInfo = d.NullString()
	r.Tags = d.Strings()
	r.Description = d.String()
	r.ProjectID = d.String()
	r.Accepted = d.Bool()
	r.Input = decodeMap(&d)
	r.Output = decodeMap(&d)
	r.Params = decodeMap(&d)
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	r.Index = int(d.Int())
	r.Engine = d.Bytes()
	return d.Err
}
