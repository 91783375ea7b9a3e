package httpd

import (
	"strconv"
	"strings"
)

// mediaRange is one entry of an Accept header.
type mediaRange struct {
	typ, sub string
	q        float64
}

// parseAccept parses an Accept header leniently: malformed entries are
// skipped, a missing q is 1.
func parseAccept(h string) []mediaRange {
	var out []mediaRange
	for _, part := range strings.Split(h, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		mt, params, _ := strings.Cut(part, ";")
		typ, sub, ok := strings.Cut(strings.ToLower(strings.TrimSpace(mt)), "/")
		if !ok || typ == "" || sub == "" {
			continue
		}
		q := 1.0
		for _, p := range strings.Split(params, ";") {
			k, v, _ := strings.Cut(strings.TrimSpace(p), "=")
			if strings.EqualFold(strings.TrimSpace(k), "q") {
				if f, err := strconv.ParseFloat(strings.TrimSpace(v), 64); err == nil && f >= 0 && f <= 1 {
					q = f
				}
			}
		}
		out = append(out, mediaRange{typ: strings.TrimSpace(typ), sub: strings.TrimSpace(sub), q: q})
	}
	return out
}

// quality returns the q the ranges give to offer ("type/sub"): the q of
// the most specific matching range, 0 when none matches.
func quality(ranges []mediaRange, offer string) float64 {
	typ, sub, _ := strings.Cut(offer, "/")
	best, spec := 0.0, -1
	for _, r := range ranges {
		s := -1
		switch {
		case r.typ == typ && r.sub == sub:
			s = 2
		case r.typ == typ && r.sub == "*":
			s = 1
		case r.typ == "*" && r.sub == "*":
			s = 0
		}
		if s > spec {
			best, spec = r.q, s
		}
	}
	return best
}

// bestOffer returns the acceptable offer with the highest q (the first
// listed on ties), or "" when none is acceptable — webob's
// acceptable_offers()[0].
func bestOffer(header string, offers ...string) string {
	ranges := parseAccept(header)
	best, bq := "", 0.0
	for _, o := range offers {
		if q := quality(ranges, o); q > bq {
			best, bq = o, q
		}
	}
	return best
}

// accepts reports whether a response of type offer may be sent to a
// client that sent the given Accept header (none at all accepts anything).
func accepts(header, offer string) bool {
	if strings.TrimSpace(header) == "" {
		return true
	}
	return quality(parseAccept(header), offer) > 0
}
