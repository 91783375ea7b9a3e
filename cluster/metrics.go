package cluster

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// metrics are the cluster's Prometheus metrics.
type metrics struct {
	reg        prometheus.Registerer
	forwarded  prometheus.Histogram
	forwardErr prometheus.Counter
	batches    *prometheus.CounterVec
	installs   prometheus.Counter
}

func newMetrics(r prometheus.Registerer) (*metrics, error) {
	m := &metrics{
		reg: r,
		forwarded: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "mistral_cluster_forward_seconds",
			Help:    "Requests forwarded to another node, by time to answer.",
			Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .25, 1, 5}}),
		forwardErr: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_cluster_forward_failures_total",
			Help: "Requests forwarded to another node that got no answer."}),
		batches: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mistral_cluster_replicated_batches_total",
			Help: "Definition batches sent to another node, by outcome (ok, failed)."}, []string{"outcome"}),
		installs: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_cluster_snapshot_installs_total",
			Help: "Copies of another node's definitions installed by this node."}),
	}
	if r != nil {
		for _, c := range []prometheus.Collector{m.forwarded, m.forwardErr, m.batches, m.installs} {
			if err := r.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

// members registers the member count of c.
func (m *metrics) members(c *Cluster) {
	if m.reg == nil {
		return
	}
	_ = m.reg.Register(prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "mistral_cluster_members",
		Help: "Live members of the cluster, this node included."},
		func() float64 { return float64(len(c.Members())) }))
}

func (m *metrics) forward(start time.Time, err error) {
	if err != nil {
		m.forwardErr.Inc()
		return
	}
	m.forwarded.Observe(time.Since(start).Seconds())
}

func (m *metrics) replicated(err error) {
	if err != nil {
		m.batches.WithLabelValues("failed").Inc()
		return
	}
	m.batches.WithLabelValues("ok").Inc()
}
