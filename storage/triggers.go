package storage

import (
	"fmt"
	"strconv"
)

// Triggers holds the collections of the scheduler: cron triggers, event
// triggers, and the cron firings whose execution is being started.
type Triggers struct {
	DB      *DB
	Cron    *Collection[CronTrigger]
	Events  *Collection[EventTrigger]
	Firings *Collection[CronFiring]
}

// OpenTriggers registers the trigger collections in db.
func OpenTriggers(db *DB) (*Triggers, error) {
	t := &Triggers{DB: db}
	var err error
	if t.Cron, err = NewCollection(db, cronTriggerSchema); err != nil {
		return nil, err
	}
	if t.Events, err = NewCollection(db, eventTriggerSchema); err != nil {
		return nil, err
	}
	if t.Firings, err = NewCollection(db, cronFiringSchema); err != nil {
		return nil, err
	}
	return t, nil
}

// IndexWorkflowID indexes triggers by workflow_id (a workflow cannot be
// deleted while triggers use it).
const IndexWorkflowID = "workflow_id"

// IndexEvent indexes event triggers by event type (an incoming event
// finds its triggers).
const IndexEvent = "event"

// CronTrigger is a stored cron trigger (api.md §11.2). Times are Unix
// seconds, 0 for null.
type CronTrigger struct {
	ID      string
	Name    string
	Project string
	Scope   string
	// Pattern is the cron pattern as given ("0 0 30 2 0" when only a
	// first execution time was).
	Pattern            string
	FirstExecutionTime int64
	NextExecutionTime  int64
	// RemainingExecutions counts down to 0, when the trigger is deleted;
	// null (HasRemaining false) means no limit.
	RemainingExecutions int64
	HasRemaining        bool
	WorkflowName        string
	WorkflowID          string
	// WorkflowInput and WorkflowParams are JSON objects as Python
	// json.dumps text.
	WorkflowInput  []byte
	WorkflowParams []byte
	CreatedAt      int64
	UpdatedAt      int64
}

type cronTriggerCodec struct{}

func (cronTriggerCodec) Append(b []byte, r *CronTrigger) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.String(r.Name)
	e.String(r.Project)
	e.String(r.Scope)
	e.String(r.Pattern)
	e.Int(r.FirstExecutionTime)
	e.Int(r.NextExecutionTime)
	e.Int(r.RemainingExecutions)
	e.Bool(r.HasRemaining)
	e.String(r.WorkflowName)
	e.String(r.WorkflowID)
	e.Bytes(r.WorkflowInput)
	e.Bytes(r.WorkflowParams)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (cronTriggerCodec) Decode(b []byte, r *CronTrigger) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name = d.String()
	r.Project = d.String()
	r.Scope = d.String()
	r.Pattern = d.String()
	r.FirstExecutionTime = d.Int()
	r.NextExecutionTime = d.Int()
	r.RemainingExecutions = d.Int()
	r.HasRemaining = d.Bool()
	r.WorkflowName = d.String()
	r.WorkflowID = d.String()
	r.WorkflowInput = d.Bytes()
	r.WorkflowParams = d.Bytes()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

func jsonText(b []byte) any {
	if b == nil {
		return nil
	}
	return string(b)
}

func cronDuplicate(r *CronTrigger) error {
	return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for cron trigger ['name', 'project_id']: %s, %s", r.Name, projectShown(r.Project))}
}

var cronTriggerSchema = Schema[CronTrigger]{
	Keyspace: "cron",
	Codec:    cronTriggerCodec{},
	ID:       func(r *CronTrigger) string { return r.ID },
	Created:  func(r *CronTrigger) int64 { return r.CreatedAt },
	Fields: []Field[CronTrigger]{
		{Name: "id", Kind: KindText, Get: func(r *CronTrigger) any { return r.ID }},
		{Name: "name", Kind: KindText, Get: func(r *CronTrigger) any { return r.Name }},
		{Name: "workflow_name", Kind: KindText, Get: func(r *CronTrigger) any { return r.WorkflowName }},
		{Name: "workflow_id", Kind: KindUUID, Get: func(r *CronTrigger) any { return r.WorkflowID }},
		{Name: "workflow_input", Kind: KindJSON, Get: func(r *CronTrigger) any { return jsonText(r.WorkflowInput) }},
		{Name: "workflow_params", Kind: KindJSON, Get: func(r *CronTrigger) any { return jsonText(r.WorkflowParams) }},
		{Name: "project_id", Kind: KindText, Get: func(r *CronTrigger) any { return r.Project }},
		{Name: "scope", Kind: KindText, Get: func(r *CronTrigger) any { return r.Scope }},
		{Name: "pattern", Kind: KindText, Get: func(r *CronTrigger) any { return r.Pattern }},
		{Name: "remaining_executions", Kind: KindInt, Get: func(r *CronTrigger) any {
			if !r.HasRemaining {
				return nil
			}
			return r.RemainingExecutions
		}},
		{Name: "first_execution_time", Kind: KindTime, Get: func(r *CronTrigger) any { return nullTime(r.FirstExecutionTime) }},
		{Name: "next_execution_time", Kind: KindTime, Get: func(r *CronTrigger) any { return r.NextExecutionTime }},
		{Name: "created_at", Kind: KindTime, Get: func(r *CronTrigger) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *CronTrigger) any { return nullTime(r.UpdatedAt) }},
	},
	Uniques: []Unique[CronTrigger]{
		{
			Key:      func(r *CronTrigger) []byte { return KeyOf(r.Project, r.Name) },
			Conflict: cronDuplicate,
		},
		{
			// Mistral's second constraint; SQL never matches NULLs, so it
			// only binds triggers with both a count and a first time.
			Key: func(r *CronTrigger) []byte {
				if !r.HasRemaining || r.FirstExecutionTime == 0 {
					return nil
				}
				return KeyOf(string(r.WorkflowInput), r.WorkflowName, r.Pattern, r.Project, string(r.WorkflowParams),
					strconv.FormatInt(r.RemainingExecutions, 10), strconv.FormatInt(r.FirstExecutionTime, 10))
			},
			Conflict: cronDuplicate,
		},
	},
	Indexes: []Index{{Field: IndexWorkflowID}},
}

// CronFiring records that a cron trigger fired and which execution it
// starts. It is written in the same batch that advances (or deletes) the
// trigger, and deleted once the engine holds the execution: the
// execution's id makes the start idempotent, so a firing found after a
// crash is started again, never twice.
type CronFiring struct {
	// ExecutionID is the id of the execution to start (the record's id).
	ExecutionID string
	TriggerID   string
	TriggerName string
	Project     string
	WorkflowID  string
	// Input and Params are JSON objects as Python json.dumps text.
	Input       []byte
	Params      []byte
	Description string
	// Due is the scheduled time that fired.
	Due       int64
	CreatedAt int64
}

type cronFiringCodec struct{}

func (cronFiringCodec) Append(b []byte, r *CronFiring) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ExecutionID)
	e.String(r.TriggerID)
	e.String(r.TriggerName)
	e.String(r.Project)
	e.String(r.WorkflowID)
	e.Bytes(r.Input)
	e.Bytes(r.Params)
	e.String(r.Description)
	e.Int(r.Due)
	e.Int(r.CreatedAt)
	return e.B
}

func (cronFiringCodec) Decode(b []byte, r *CronFiring) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ExecutionID = d.String()
	r.TriggerID = d.String()
	r.TriggerName = d.String()
	r.Project = d.String()
	r.WorkflowID = d.String()
	r.Input = d.Bytes()
	r.Params = d.Bytes()
	r.Description = d.String()
	r.Due = d.Int()
	r.CreatedAt = d.Int()
	return d.Err
}

var cronFiringSchema = Schema[CronFiring]{
	Keyspace: "cronfire",
	Codec:    cronFiringCodec{},
	ID:       func(r *CronFiring) string { return r.ExecutionID },
	Created:  func(r *CronFiring) int64 { return r.CreatedAt },
	Fields: []Field[CronFiring]{
		{Name: "id", Kind: KindText, Get: func(r *CronFiring) any { return r.ExecutionID }},
		{Name: "created_at", Kind: KindTime, Get: func(r *CronFiring) any { return r.CreatedAt }},
	},
}

// EventTrigger is a stored event trigger (api.md §11.3).
type EventTrigger struct {
	ID string
	// Name is null unless HasName.
	Name           string
	HasName        bool
	WorkflowID     string
	WorkflowInput  []byte
	WorkflowParams []byte
	Exchange       string
	Topic          string
	Event          string
	Scope          string
	Project        string
	CreatedAt      int64
	UpdatedAt      int64
}

type eventTriggerCodec struct{}

func (eventTriggerCodec) Append(b []byte, r *EventTrigger) []byte {
	e := Encoder{B: b}
	e.Byte(1)
	e.String(r.ID)
	e.NullString(r.Name, r.HasName)
	e.String(r.WorkflowID)
	e.Bytes(r.WorkflowInput)
	e.Bytes(r.WorkflowParams)
	e.String(r.Exchange)
	e.String(r.Topic)
	e.String(r.Event)
	e.String(r.Scope)
	e.String(r.Project)
	e.Int(r.CreatedAt)
	e.Int(r.UpdatedAt)
	return e.B
}

func (eventTriggerCodec) Decode(b []byte, r *EventTrigger) error {
	d := NewDecoder(b)
	if d.Byte() != 1 {
		return errCorrupt
	}
	r.ID = d.String()
	r.Name, r.HasName = d.NullString()
	r.WorkflowID = d.String()
	r.WorkflowInput = d.Bytes()
	r.WorkflowParams = d.Bytes()
	r.Exchange = d.String()
	r.Topic = d.String()
	r.Event = d.String()
	r.Scope = d.String()
	r.Project = d.String()
	r.CreatedAt = d.Int()
	r.UpdatedAt = d.Int()
	return d.Err
}

var eventTriggerSchema = Schema[EventTrigger]{
	Keyspace: "evtrig",
	Codec:    eventTriggerCodec{},
	ID:       func(r *EventTrigger) string { return r.ID },
	Created:  func(r *EventTrigger) int64 { return r.CreatedAt },
	Fields: []Field[EventTrigger]{
		{Name: "id", Kind: KindText, Get: func(r *EventTrigger) any { return r.ID }},
		{Name: "created_at", Kind: KindTime, Get: func(r *EventTrigger) any { return r.CreatedAt }},
		{Name: "updated_at", Kind: KindTime, Get: func(r *EventTrigger) any { return nullTime(r.UpdatedAt) }},
		{Name: "project_id", Kind: KindText, Get: func(r *EventTrigger) any { return r.Project }},
		{Name: "name", Kind: KindText, Get: func(r *EventTrigger) any { return nullString(r.Name, r.HasName) }},
		{Name: "workflow_id", Kind: KindUUID, Get: func(r *EventTrigger) any { return r.WorkflowID }},
		{Name: "workflow_input", Kind: KindJSON, Get: func(r *EventTrigger) any { return jsonText(r.WorkflowInput) }},
		{Name: "workflow_params", Kind: KindJSON, Get: func(r *EventTrigger) any { return jsonText(r.WorkflowParams) }},
		{Name: "exchange", Kind: KindText, Get: func(r *EventTrigger) any { return r.Exchange }},
		{Name: "topic", Kind: KindText, Get: func(r *EventTrigger) any { return r.Topic }},
		{Name: "event", Kind: KindText, Get: func(r *EventTrigger) any { return r.Event }},
		{Name: "scope", Kind: KindText, Get: func(r *EventTrigger) any { return r.Scope }},
	},
	Uniques: []Unique[EventTrigger]{{
		Key: func(r *EventTrigger) []byte { return KeyOf(r.Exchange, r.Topic, r.Event, r.WorkflowID, r.Project) },
		Conflict: func(r *EventTrigger) error {
			return &ConflictError{Msg: fmt.Sprintf("Duplicate entry for EventTrigger ['exchange', 'topic', 'event', 'workflow_id', 'project_id']: %s, %s, %s, %s, %s",
				r.Exchange, r.Topic, r.Event, r.WorkflowID, projectShown(r.Project))}
		},
	}},
	Indexes: []Index{{Field: IndexWorkflowID}, {Field: IndexEvent}},
}

// WorkflowTriggers returns the ids of the cron and event triggers that
// use workflow id, as seen by w.
func (t *Triggers) WorkflowTriggers(id string) (cron, events []string, err error) {
	err = t.Cron.Scan(IndexWorkflowID, id, func(r *CronTrigger) bool {
		cron = append(cron, r.ID)
		return true
	})
	if err != nil {
		return nil, nil, err
	}
	err = t.Events.Scan(IndexWorkflowID, id, func(r *EventTrigger) bool {
		events = append(events, r.ID)
		return true
	})
	return cron, events, err
}

// CheckWorkflowDelete refuses to delete workflow wf while triggers use
// it, in Mistral's words (identifier and namespace as the caller gave
// them). Call it inside the Update that deletes the workflow, with Cron
// and Events locked, so no trigger can appear in between.
func (t *Triggers) CheckWorkflowDelete(wf *Workflow, identifier, namespace string) error {
	cron, events, err := t.WorkflowTriggers(wf.ID)
	if err != nil {
		return err
	}
	if len(cron) > 0 {
		return &InvalidError{Msg: fmt.Sprintf("Can't delete workflow that has cron triggers associated. [workflow_identifier=%s, namespace=%s], [cron_trigger_id(s)=%s]",
			identifier, namespace, joinIDs(cron))}
	}
	if len(events) > 0 {
		return &InvalidError{Msg: fmt.Sprintf("Can't delete workflow that has event triggers associated. [workflow_identifier=%s], [event_trigger_id(s)=%s]",
			identifier, joinIDs(events))}
	}
	return nil
}

// CheckWorkflowPrivate refuses to make public workflow wf private while
// triggers of other projects use it.
func (t *Triggers) CheckWorkflowPrivate(wf *Workflow, identifier, namespace string) error {
	foreign := false
	err := t.Cron.Scan(IndexWorkflowID, wf.ID, func(r *CronTrigger) bool {
		foreign = r.Project != wf.Project
		return !foreign
	})
	if err != nil {
		return err
	}
	if foreign {
		return &ForbiddenError{Msg: fmt.Sprintf("Can not update scope of workflow that has cron triggers associated in other tenants. [workflow_identifier=%s, namespace=%s]", identifier, namespace)}
	}
	err = t.Events.Scan(IndexWorkflowID, wf.ID, func(r *EventTrigger) bool {
		foreign = r.Project != wf.Project
		return !foreign
	})
	if err != nil {
		return err
	}
	if foreign {
		return &ForbiddenError{Msg: fmt.Sprintf("Can not update scope of workflow that has event triggers associated in other tenants. [workflow_identifier=%s, namespace=%s]", identifier, namespace)}
	}
	return nil
}

func joinIDs(ids []string) string {
	n := 0
	for _, id := range ids {
		n += len(id) + 2
	}
	b := make([]byte, 0, n)
	for i, id := range ids {
		if i > 0 {
			b = append(b, ", "...)
		}
		b = append(b, id...)
	}
	return string(b)
}
