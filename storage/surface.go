package storage

// Surface holds the collections behind the rest of the API surface: code
// sources and dynamic actions (/v2/code_sources, /v2/dynamic_actions),
// workflow registrations and v1 workflow attributes (the v1 API, and
// GET /v2/workflows/{id}/versions), and the maintenance state.
type Surface struct {
	DB             *DB
	CodeSources    *Collection[CodeSource]
	DynamicActions *Collection[DynamicAction]
	Registrations  *Collection[Registration]
	WorkflowMeta   *Collection[WorkflowMeta]
	Maintenance    *Collection[Maintenance]
}

// OpenSurface registers the surface collections in db (once per db).
func OpenSurface(db *DB) (*Surface, error) {
	s := &Surface{DB: db}
	var err error
	if s.CodeSources, err = NewCollection(db, codeSourceSchema); err != nil {
		return nil, err
	}
	if s.DynamicActions, err = NewCollection(db, dynamicActionSchema); err != nil {
		return nil, err
	}
	if s.Registrations, err = NewCollection(db, registrationSchema); err != nil {
		return nil, err
	}
	if s.WorkflowMeta, err = NewCollection(db, workflowMetaSchema); err != nil {
		return nil, err
	}
	if s.Maintenance, err = NewCollection(db, maintenanceSchema); err != nil {
		return nil, err
	}
	return s, nil
}
