package actors

import (
	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actors/workflow"
)

// metrics are the engine's Prometheus metrics:
//
//	mistral_engine_executions_started_total          executions created
//	mistral_engine_executions_completed_total{state} executions finished, by state
//	mistral_engine_executions_recovered_total        executions resumed by Start
//	mistral_engine_task_transitions_total{state}     task state changes persisted, by new state
//	mistral_engine_commit_seconds                    latency of one synced group commit
//	mistral_engine_group_batches                     actor batches merged into one commit
//	mistral_engine_actors                            execution actors in memory
//	mistral_engine_mailbox_messages                  messages queued to execution actors
//
// Action run times and the executor queue are the executor's own
// (mistral_action_*).
type metrics struct {
	started       prometheus.Counter
	recovered     prometheus.Counter
	completedVec  *prometheus.CounterVec
	doneBy        map[string]prometheus.Counter
	transitionVec *prometheus.CounterVec
	transBy       map[string]prometheus.Counter
	commitSeconds prometheus.Histogram
	batchOps      prometheus.Histogram
	live          prometheus.Gauge
	mailbox       prometheus.Gauge
}

var allStates = []string{workflow.Idle, workflow.Waiting, workflow.Running, workflow.Delayed, workflow.Paused, workflow.Success, workflow.Error, workflow.Cancelled}

func newMetrics(reg prometheus.Registerer, e *Engine) (*metrics, error) {
	m := &metrics{
		started: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_engine_executions_started_total", Help: "Workflow executions created (sub-workflows included)."}),
		recovered: prometheus.NewCounter(prometheus.CounterOpts{Name: "mistral_engine_executions_recovered_total",
			Help: "Unfinished workflow executions resumed at start."}),
		completedVec: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mistral_engine_executions_completed_total",
			Help: "Workflow executions finished, by final state."}, []string{"state"}),
		transitionVec: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "mistral_engine_task_transitions_total",
			Help: "Task execution state changes persisted, by new state."}, []string{"state"}),
		commitSeconds: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "mistral_engine_commit_seconds",
			Help: "Latency of one synced group commit.", Buckets: []float64{.0001, .00025, .0005, .001, .0025, .005, .01, .025, .05, .1, .5, 1}}),
		batchOps: prometheus.NewHistogram(prometheus.HistogramOpts{Name: "mistral_engine_group_batches",
			Help: "Actor batches merged into one synced commit.", Buckets: prometheus.ExponentialBuckets(1, 2, 14)}),
		live:    prometheus.NewGauge(prometheus.GaugeOpts{Name: "mistral_engine_actors", Help: "Execution actors in memory."}),
		mailbox: prometheus.NewGauge(prometheus.GaugeOpts{Name: "mistral_engine_mailbox_messages", Help: "Messages queued to execution actors."}),
		doneBy:  map[string]prometheus.Counter{},
		transBy: map[string]prometheus.Counter{},
	}
	for _, s := range allStates {
		m.transBy[s] = m.transitionVec.WithLabelValues(s)
	}
	for _, s := range []string{workflow.Success, workflow.Error, workflow.Cancelled} {
		m.doneBy[s] = m.completedVec.WithLabelValues(s)
	}
	if reg != nil {
		for _, c := range []prometheus.Collector{m.started, m.recovered, m.completedVec, m.transitionVec, m.commitSeconds, m.batchOps, m.live, m.mailbox} {
			if err := reg.Register(c); err != nil {
				return nil, err
			}
		}
	}
	return m, nil
}

func (m *metrics) completed(state string) {
	if c := m.doneBy[state]; c != nil {
		c.Inc()
	}
}

func (m *metrics) transition(state string) {
	if c := m.transBy[state]; c != nil {
		c.Inc()
	}
}
