package storage

import (
	"encoding/binary"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"time"

	"github.com/cockroachdb/pebble/v2"
	"github.com/cockroachdb/pebble/v2/vfs"
)

// Options configures Open. The zero value of every field but Dir is a
// sensible default.
type Options struct {
	// Dir is the directory of the database (created when missing).
	Dir string
	// InMemory keeps everything in memory (tests, benchmarks); Dir is
	// then only a name.
	InMemory bool
	// CacheSize is Pebble's block cache size in bytes (default 64 MiB).
	CacheSize int64
	// Quiet silences Pebble's informational log lines.
	Quiet bool
	// MemTableSize is the size of one memtable in bytes (default 64 MiB).
	// Large memtables absorb the engine's rewrites of the same records
	// (a task written RUNNING then SUCCESS moments later) before they
	// reach an sstable, which saves most flush and compaction work.
	MemTableSize uint64
}

// DB is an open database. It is safe for concurrent use.
type DB struct {
	pdb     *pebble.DB
	cache   *pebble.Cache
	created int64

	regMu     sync.Mutex
	keyspaces map[string]bool
	nextOrder int

	commits      atomic.Uint64
	commitNanos  atomic.Uint64
	commitErrors atomic.Uint64

	repl replication // see replication.go
}

var metaCreatedKey = []byte("\x00meta\x00created")

// Open opens (or creates) the database described by o.
func Open(o Options) (*DB, error) {
	if o.CacheSize <= 0 {
		o.CacheSize = 64 << 20
	}
	cache := pebble.NewCache(o.CacheSize)
	if o.MemTableSize == 0 {
		o.MemTableSize = 64 << 20
	}
	po := &pebble.Options{
		Cache:              cache,
		FormatMajorVersion: pebble.FormatNewest,
		MemTableSize:       o.MemTableSize,
	}
	if o.InMemory {
		po.FS = vfs.NewMem()
	}
	if o.Quiet {
		po.Logger = quietLogger{}
	}
	pdb, err := pebble.Open(o.Dir, po)
	if err != nil {
		cache.Unref()
		return nil, fmt.Errorf("open pebble at %q: %w", o.Dir, err)
	}
	db := &DB{pdb: pdb, cache: cache, keyspaces: map[string]bool{}}
	if err := db.loadCreated(); err != nil {
		_ = pdb.Close()
		cache.Unref()
		return nil, err
	}
	return db, nil
}

// loadCreated reads (or records, on first open) when the database was
// created.
func (db *DB) loadCreated() error {
	v, closer, err := db.pdb.Get(metaCreatedKey)
	if err == nil {
		defer closer.Close()
		if len(v) != 8 {
			return fmt.Errorf("storage: bad creation time record")
		}
		db.created = int64(binary.BigEndian.Uint64(v))
		return nil
	}
	if !errors.Is(err, pebble.ErrNotFound) {
		return fmt.Errorf("read creation time: %w", err)
	}
	db.created = Now()
	if err := db.pdb.Set(metaCreatedKey, binary.BigEndian.AppendUint64(nil, uint64(db.created)), pebble.Sync); err != nil {
		return fmt.Errorf("write creation time: %w", err)
	}
	return nil
}

// Created returns when the database was first created (Unix seconds).
func (db *DB) Created() int64 { return db.created }

// Close flushes and closes the database.
func (db *DB) Close() error {
	err := db.pdb.Close()
	db.cache.Unref()
	return err
}

// Metrics returns Pebble's current metrics.
func (db *DB) Metrics() *pebble.Metrics { return db.pdb.Metrics() }

// register reserves a keyspace for a collection and gives it its lock
// order.
func (db *DB) register(ks string) (int, error) {
	if ks == "" {
		return 0, fmt.Errorf("storage: empty keyspace")
	}
	for i := 0; i < len(ks); i++ {
		if ks[i] == 0 {
			return 0, fmt.Errorf("storage: keyspace %q contains a zero byte", ks)
		}
	}
	db.regMu.Lock()
	defer db.regMu.Unlock()
	if db.keyspaces[ks] {
		return 0, fmt.Errorf("storage: keyspace %q registered twice", ks)
	}
	db.keyspaces[ks] = true
	db.nextOrder++
	return db.nextOrder, nil
}

// get reads a key outside any write; the result is a copy.
func (db *DB) get(key []byte) ([]byte, bool, error) {
	v, closer, err := db.pdb.Get(key)
	if err != nil {
		if errors.Is(err, pebble.ErrNotFound) {
			return nil, false, nil
		}
		return nil, false, err
	}
	out := append(make([]byte, 0, len(v)), v...)
	closer.Close()
	return out, true, nil
}

// Now is the current time in Unix seconds, the precision Mistral stores.
func Now() int64 { return time.Now().Unix() }

// FormatTime renders Unix seconds as Mistral shows timestamps:
// "YYYY-MM-DD HH:MM:SS", UTC.
func FormatTime(sec int64) string {
	return string(AppendTime(make([]byte, 0, 19), sec))
}

// AppendTime appends FormatTime(sec) to b without allocating.
func AppendTime(b []byte, sec int64) []byte {
	t := time.Unix(sec, 0).UTC()
	y, mo, d := t.Date()
	h, mi, s := t.Clock()
	b = append4(b, y)
	b = append(b, '-')
	b = append2(b, int(mo))
	b = append(b, '-')
	b = append2(b, d)
	b = append(b, ' ')
	b = append2(b, h)
	b = append(b, ':')
	b = append2(b, mi)
	b = append(b, ':')
	return append2(b, s)
}

func append2(b []byte, v int) []byte { return append(b, byte('0'+v/10), byte('0'+v%10)) }

func append4(b []byte, v int) []byte {
	return append(b, byte('0'+v/1000%10), byte('0'+v/100%10), byte('0'+v/10%10), byte('0'+v%10))
}

type quietLogger struct{}

func (quietLogger) Infof(string, ...any)  {}
func (quietLogger) Errorf(string, ...any) {}
func (quietLogger) Fatalf(format string, args ...any) {
	pebble.DefaultLogger.Fatalf(format, args...)
}
