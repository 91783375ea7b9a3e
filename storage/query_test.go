package storage

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"
)

// reference answers a query by brute force over all records.
func reference(all []*Workflow, q Query) []*Workflow {
	c := &Collection[Workflow]{s: workflowSchema, fields: map[string]*Field[Workflow]{}}
	for i := range c.s.Fields {
		c.fields[c.s.Fields[i].Name] = &c.s.Fields[i]
	}
	sort, _ := c.normalizeSort(q.Sort)
	var out []*Workflow
	for _, r := range all {
		ok := true
		for i := range q.Filters {
			if !match(&q.Filters[i], c.fields[q.Filters[i].Field].Get(r)) {
				ok = false
			}
		}
		if ok {
			out = append(out, r)
		}
	}
	cmp := func(a, b *Workflow) int {
		for _, o := range sort {
			d := compare(c.fields[o.Field].Get(a), c.fields[o.Field].Get(b))
			if o.Desc {
				d = -d
			}
			if d != 0 {
				return d
			}
		}
		return 0
	}
	slices.SortStableFunc(out, cmp)
	if q.Marker != "" {
		var m *Workflow
		for _, r := range all {
			if r.ID == q.Marker {
				m = r
			}
		}
		var after []*Workflow
		for _, r := range out {
			if cmp(r, m) > 0 {
				after = append(after, r)
			}
		}
		out = after
	}
	if q.Limit > 0 && len(out) > q.Limit {
		out = out[:q.Limit]
	}
	return out
}

func ids(rs []*Workflow) []string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = r.Name
	}
	return s
}

func TestListMatchesReference(t *testing.T) {
	_, defs := openMem(t)
	var all []*Workflow
	for i := 0; i < 150; i++ {
		wf := newWF(i, int64(1000+rand.IntN(20))) // many records share a second
		if i%7 == 0 {
			wf.UpdatedAt = int64(2000 + i)
		}
		all = append(all, wf)
	}
	if err := putWF(t, defs, all...); err != nil {
		t.Fatal(err)
	}
	sorts := [][]Order{
		nil,
		{{Field: "created_at"}, {Field: "id"}},
		{{Field: "created_at", Desc: true}, {Field: "id", Desc: true}},
		{{Field: "created_at", Desc: true}, {Field: "id"}},
		{{Field: "created_at"}, {Field: "id", Desc: true}},
		{{Field: "name", Desc: true}},
		{{Field: "updated_at"}, {Field: "name"}},
		{{Field: "tags"}, {Field: "created_at", Desc: true}},
	}
	mk := func(field string, op Op, raw string) Filter {
		f, err := defs.Workflows.ParseFilter(field, op, raw)
		if err != nil {
			t.Fatal(err)
		}
		return f
	}
	filters := [][]Filter{
		nil,
		{mk("namespace", Eq, "ns1")},
		{mk("namespace", Eq, "")},
		{mk("namespace", Neq, "ns1"), mk("name", Has, "1")},
		{mk("tags", Eq, "a,b")},
		{mk("tags", In, "b")},
		{mk("name", In, "wf_00001,wf_00002,wf_00150")},
		{mk("name", Nin, "wf_00001,wf_00002")},
		{mk("created_at", Gte, "1970-01-01 00:16:50"), mk("created_at", Lt, "1970-01-01 00:17:00")},
		{mk("updated_at", Gt, "1970-01-01")},
	}
	for si, sort := range sorts {
		for fi, flt := range filters {
			for _, limit := range []int{0, 4, 40} {
				q := Query{Sort: sort, Filters: flt, Limit: limit}
				// Walk every page through markers, as clients do.
				var got []string
				for page := 0; page < 400; page++ {
					res, err := defs.Workflows.List(q)
					if err != nil {
						t.Fatal(err)
					}
					want := reference(all, q)
					if !slices.Equal(ids(res), ids(want)) {
						t.Fatalf("sort %d filter %d limit %d page %d:\n got %v\nwant %v", si, fi, limit, page, ids(res), ids(want))
					}
					mem, err := FilterSort(all, workflowSchema.Fields, q)
					if err != nil || !slices.Equal(ids(mem), ids(want)) {
						t.Fatalf("FilterSort: sort %d filter %d limit %d page %d: %v", si, fi, limit, page, err)
					}
					got = append(got, ids(res)...)
					if limit == 0 || len(res) < limit {
						break
					}
					q.Marker = res[len(res)-1].ID
				}
				full := reference(all, Query{Sort: sort, Filters: flt})
				if !slices.Equal(got, ids(full)) {
					t.Fatalf("sort %d filter %d limit %d: pages do not add up", si, fi, limit)
				}
			}
		}
	}
	// A marker outside the filter still positions the page.
	q := Query{Filters: []Filter{mk("namespace", Eq, "ns2")}, Marker: all[0].ID, Limit: 5}
	res, _ := defs.Workflows.List(q)
	if !slices.Equal(ids(res), ids(reference(all, q))) {
		t.Fatal("foreign marker")
	}
}

func TestListErrors(t *testing.T) {
	_, defs := openMem(t)
	if _, err := defs.Workflows.List(Query{Marker: "00000000-0000-0000-0000-000000000000"}); !errors.Is(err, ErrNotFound) {
		t.Fatalf("unknown marker: %v", err)
	}
	if _, err := defs.Workflows.List(Query{Sort: []Order{{Field: "bogus"}}}); !errors.Is(err, ErrBadSortKey) {
		t.Fatalf("bad sort: %v", err)
	}
	var ie *InvalidError
	for _, c := range []struct {
		field string
		op    Op
		raw   string
	}{{"created_at", Gt, "xyz"}, {"tags", Gt, "a"}, {"created_at", Has, "2"}, {"interface", Eq, "{bad"}, {"nope", Eq, "x"}} {
		if _, err := defs.Workflows.ParseFilter(c.field, c.op, c.raw); !errors.As(err, &ie) {
			t.Errorf("%v: got %v", c, err)
		}
	}
}

func TestSplitOp(t *testing.T) {
	for in, want := range map[string]string{
		"eq:x": "eq x", "neq:": "neq ", "in:a,b": "in a,b", "has:a:b": "has a:b",
		"x": "eq x", "gtx:1": "eq gtx:1", "lte:5": "lte 5", ":x": "eq :x", "foo:bar": "eq foo:bar",
	} {
		op, v := SplitOp(in)
		if got := fmt.Sprintf("%s %s", op, v); got != want {
			t.Errorf("SplitOp(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestScanByIndex(t *testing.T) {
	_, defs := openMem(t)
	for i := 0; i < 30; i++ {
		if err := putWF(t, defs, newWF(i, int64(i))); err != nil {
			t.Fatal(err)
		}
	}
	var names []string
	err := defs.Workflows.Scan("namespace", "ns2", func(r *Workflow) bool {
		names = append(names, r.Name)
		return len(names) < 3
	})
	if err != nil || !slices.Equal(names, []string{"wf_00002", "wf_00005", "wf_00008"}) {
		t.Fatalf("scan: %v %v", names, err)
	}
	if err := defs.Workflows.Scan("name", "x", func(*Workflow) bool { return true }); err == nil {
		t.Fatal("scan on unindexed field")
	}
}
