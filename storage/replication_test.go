package storage

import (
	"errors"
	"slices"
	"testing"
)

// replicate wires a into b: every replicated write of a is numbered,
// committed in a and applied to b.
func replicate(t *testing.T, a, b *DB) *[]uint64 {
	t.Helper()
	var seqs []uint64
	a.SetReplication([]string{"wf", "wb"}, func(c *ReplicaCommit) error {
		cur, err := a.ReplicaSeq()
		if err != nil {
			return err
		}
		if err := c.SetSeq(cur + 1); err != nil {
			return err
		}
		repr := c.Repr()
		if err := c.Commit(); err != nil {
			return err
		}
		seqs = append(seqs, cur+1)
		return b.ApplyReplica(cur+1, repr)
	})
	return &seqs
}

func TestReplicationAppliesDefinitionWrites(t *testing.T) {
	dbA, defsA := openMem(t)
	dbB, defsB := openMem(t)
	seqs := replicate(t, dbA, dbB)
	w1, w2 := newWF(1, 100), newWF(2, 101)
	if err := putWF(t, defsA, w1, w2); err != nil {
		t.Fatal(err)
	}
	got, err := defsB.Workflows.Get(w2.ID)
	if err != nil || got.Name != w2.Name {
		t.Fatalf("replica: %+v %v", got, err)
	}
	// Unique keys travel too: the replica refuses a duplicate name.
	dup := newWF(1, 102)
	var ce *ConflictError
	if err := putWF(t, defsB, dup); !errors.As(err, &ce) {
		t.Fatalf("replica unique key: %v", err)
	}
	// A delete replicates.
	if err := dbA.Update(func(w *Write) error { return defsA.Workflows.Delete(w, w1.ID) }, defsA.Workflows); err != nil {
		t.Fatal(err)
	}
	if _, err := defsB.Workflows.Get(w1.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("deleted on a, on b: %v", err)
	}
	sa, _ := dbA.ReplicaSeq()
	sb, _ := dbB.ReplicaSeq()
	if sa != 2 || sb != 2 || !slices.Equal(*seqs, []uint64{1, 2}) {
		t.Fatalf("seq a=%d b=%d batches %v", sa, sb, *seqs)
	}
	// A write to a keyspace that is not replicated stays local.
	if err := dbA.Update(func(w *Write) error { return defsA.Environments.Put(w, &Environment{ID: "e1", Name: "env"}) }, defsA.Environments); err != nil {
		t.Fatal(err)
	}
	if _, err := defsB.Environments.Get("e1"); !errors.Is(err, ErrNotFound) {
		t.Fatalf("environment replicated though env is not: %v", err)
	}
	if s, _ := dbA.ReplicaSeq(); s != 2 {
		t.Fatalf("local write numbered: %d", s)
	}
}

func TestReplicaRefusedBatchWritesNothing(t *testing.T) {
	dbA, defsA := openMem(t)
	dbA.SetReplication([]string{"wf"}, func(c *ReplicaCommit) error { return errors.New("no quorum") })
	if err := putWF(t, defsA, newWF(1, 1)); err == nil || err.Error() != "no quorum" {
		t.Fatalf("err %v", err)
	}
	if n, _ := defsA.Workflows.List(Query{}); len(n) != 0 {
		t.Fatalf("written: %d", len(n))
	}
}

func TestReplicaSnapshotInstall(t *testing.T) {
	dbA, defsA := openMem(t)
	dbB, defsB := openMem(t)
	for _, db := range []*DB{dbA, dbB} {
		db.SetReplication([]string{"wf"}, func(c *ReplicaCommit) error {
			if err := c.SetSeq(7); err != nil {
				return err
			}
			return c.Commit()
		})
	}
	keep, stale := newWF(1, 1), newWF(2, 2)
	if err := putWF(t, defsA, keep); err != nil {
		t.Fatal(err)
	}
	if err := putWF(t, defsB, stale); err != nil {
		t.Fatal(err)
	}
	if err := dbB.Update(func(w *Write) error { return defsB.Environments.Put(w, &Environment{ID: "e1"}) }, defsB.Environments); err != nil {
		t.Fatal(err)
	}
	var pairs [][2][]byte
	seq, err := dbA.ReplicaSnapshot(func(k, v []byte) error {
		pairs = append(pairs, [2][]byte{slices.Clone(k), slices.Clone(v)})
		return nil
	})
	if err != nil || seq != 7 || len(pairs) < 2 {
		t.Fatalf("snapshot seq %d pairs %d err %v", seq, len(pairs), err)
	}
	if err := dbB.InstallReplicaSnapshot(seq, pairs); err != nil {
		t.Fatal(err)
	}
	if _, err := defsB.Workflows.Get(keep.ID); err != nil {
		t.Fatalf("installed: %v", err)
	}
	if _, err := defsB.Workflows.Get(stale.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("stale record survived: %v", err)
	}
	if _, err := defsB.Workflows.GetUnique(0, KeyOf(stale.Project, stale.Namespace, stale.Name)); !errors.Is(err, ErrNotFound) {
		t.Fatalf("stale unique key survived: %v", err)
	}
	if got, err := defsB.Workflows.GetUnique(0, KeyOf(keep.Project, keep.Namespace, keep.Name)); err != nil || got.ID != keep.ID {
		t.Fatalf("installed unique key: %v %v", got, err)
	}
	if _, err := defsB.Environments.Get("e1"); err != nil {
		t.Fatalf("keyspace outside replication touched: %v", err)
	}
	bad := [][2][]byte{{[]byte("env\x00r1"), []byte("x")}}
	if err := dbB.InstallReplicaSnapshot(1, bad); err == nil {
		t.Fatal("key outside the replicated keyspaces accepted")
	}
}
