package httpd

import (
	"crypto/sha256"
	"strconv"

	"github.com/mistral-go/mistral-go/storage"
)

// surface is the state behind the rest of the API surface: operator
// routes (health, info, maintenance), code sources and dynamic actions,
// workflow registrations and the v1 API.
type surface struct {
	store *storage.Surface
	maint *maintenance
	// keys are the SHA-256 digests of the v1 API keys (compared in
	// constant time).
	keys [][sha256.Size]byte
}

// openSurface opens the surface collections (unless the configuration
// brings them) and restores the maintenance state.
func (s *Server) openSurface() error {
	st := s.cfg.Surface
	if st == nil {
		var err error
		if st, err = storage.OpenSurface(s.defs.DB); err != nil {
			return err
		}
	}
	s.surf = &surface{store: st}
	for _, k := range s.cfg.APIKeys {
		if k != "" {
			s.surf.keys = append(s.surf.keys, sha256.Sum256([]byte(k)))
		}
	}
	m, err := newMaintenance(s)
	if err != nil {
		return err
	}
	s.surf.maint = m
	return nil
}

func (sf *surface) close() { sf.maint.stop() }

// surfaceRoutes returns the routes of this part of the API.
func (s *Server) surfaceRoutes() []route {
	var table []route
	table = append(table, s.operatorRoutes()...)
	table = append(table, s.codeSourceRoutes()...)
	table = append(table, s.dynamicActionRoutes()...)
	table = append(table, s.v1Routes()...)
	return table
}

func appendInt(b []byte, v int64) []byte { return strconv.AppendInt(b, v, 10) }
