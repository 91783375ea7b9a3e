package actions

import (
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// executorMetrics are the executor's Prometheus metrics:
//
//	mistral_action_queue_depth         jobs waiting for a worker
//	mistral_action_running             jobs being run
//	mistral_action_workers             size of the worker pool
//	mistral_action_run_seconds{action} run time by action name
//	mistral_action_results_total{state} results by state (SUCCESS, ERROR, CANCELLED, RUNNING)
type executorMetrics struct {
	runSeconds *prometheus.HistogramVec
	byAction   sync.Map // action name -> prometheus.Observer
	results    [StatePending + 1]prometheus.Counter
}

func newExecutorMetrics(reg prometheus.Registerer, e *Executor, workers int) (*executorMetrics, error) {
	m := &executorMetrics{
		runSeconds: prometheus.NewHistogramVec(prometheus.HistogramOpts{
			Name:    "mistral_action_run_seconds",
			Help:    "Run time of actions, by action name.",
			Buckets: []float64{.0001, .0005, .001, .005, .01, .05, .1, .5, 1, 5, 10, 30, 60, 300},
		}, []string{"action"}),
	}
	results := prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "mistral_action_results_total",
		Help: "Action results, by the state they lead to.",
	}, []string{"state"})
	for s := StateSuccess; s <= StatePending; s++ {
		m.results[s] = results.WithLabelValues(s.String())
	}
	collectors := []prometheus.Collector{
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "mistral_action_queue_depth",
			Help: "Action invocations waiting for an executor worker.",
		}, func() float64 { return float64(e.QueueDepth()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "mistral_action_running",
			Help: "Action invocations being run.",
		}, func() float64 { return float64(e.Running()) }),
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{
			Name: "mistral_action_workers",
			Help: "Size of the action executor's worker pool.",
		}, func() float64 { return float64(workers) }),
		m.runSeconds,
		results,
	}
	for i, c := range collectors {
		if err := reg.Register(c); err != nil {
			for _, done := range collectors[:i] {
				reg.Unregister(done)
			}
			return nil, err
		}
	}
	return m, nil
}

func (m *executorMetrics) observe(action string, d time.Duration, s State) {
	o, ok := m.byAction.Load(action)
	if !ok {
		o, _ = m.byAction.LoadOrStore(action, m.runSeconds.WithLabelValues(action))
	}
	o.(prometheus.Observer).Observe(d.Seconds())
	if s >= StateSuccess && s <= StatePending {
		m.results[s].Inc()
	}
}
