package storage

import "errors"

// The maintenance states of the service (Mistral's /maintenance).
const (
	MaintenanceRunning = "RUNNING"
	MaintenancePausing = "PAUSING"
	MaintenancePaused  = "PAUSED"
)

// Maintenance is the stored maintenance state of the service: one
// record, so that the state survives a restart.
type Maintenance struct {
	ID    string
	State string
	// Paused are the executions that entering maintenance paused: leaving
	// it resumes exactly these.
	Paused    []string
	CreatedAt int64
	UpdatedAt int64
}

const maintenanceID = "maintenance"

type maintenanceCodec struct{}

func (maintenanceCodec) Append(b []byte, r *Maintenance) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.State)
	e.Strings(r.Paused)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (maintenanceCodec) Decode(b []byte, r *Maintenance) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.State = d.String()
	r.Paused = d.Strings()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var maintenanceSchema = Schema[Maintenance]{
	Keyspace: "maint",
	Codec:    maintenanceCodec{},
	ID:       func(r *Maintenance) string { return r.ID },
	Created:  func(r *Maintenance) int64 { return r.CreatedAt },
	Fields: []Field[Maintenance]{
		{Name: "id", Kind: KindText, Get: func(r *Maintenance) any { return r.ID }},
		{Name: "created_at", Kind: KindTime, Get: func(r *Maintenance) any { return r.CreatedAt }},
	},
}

// LoadMaintenance returns the stored maintenance state (RUNNING, with
// nothing paused, when none was ever stored).
func (s *Surface) LoadMaintenance() (*Maintenance, error) {
	m, err := s.Maintenance.Get(maintenanceID)
	if errors.Is(err, ErrNotFound) {
		return &Maintenance{ID: maintenanceID, State: MaintenanceRunning}, nil
	}
	return m, err
}

// SaveMaintenance stores the maintenance state m (synced to disk).
func (s *Surface) SaveMaintenance(m *Maintenance) error {
	m.ID = maintenanceID
	if m.CreatedAt == 0 {
		m.CreatedAt = Now()
	}
	m.UpdatedAt = Now()
	return s.DB.Update(func(w *Write) error { return s.Maintenance.Put(w, m) })
}
