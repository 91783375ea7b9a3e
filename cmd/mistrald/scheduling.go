package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/cluster"
	"github.com/mistral-go/mistral-go/expiration"
	"github.com/mistral-go/mistral-go/storage"
	"github.com/mistral-go/mistral-go/triggers"
)

// SchedulingConfig configures what runs on its own: cron and event
// triggers, and Mistral's execution expiration policy.
type SchedulingConfig struct {
	// CronMinFirstDelay is how far ahead a cron trigger's
	// first_execution_time must be (Mistral: 1 minute).
	CronMinFirstDelay time.Duration
	// Expiration is Mistral's [execution_expiration_policy].
	ExpirationInterval      time.Duration
	ExpirationOlderThan     time.Duration
	ExpirationMaxFinished   int
	ExpirationBatchSize     int
	ExpirationIgnoredStates string
}

func (c *SchedulingConfig) flags(fs *flag.FlagSet) {
	fs.DurationVar(&c.CronMinFirstDelay, "cron-min-first-delay", time.Minute,
		"how far in the future a cron trigger's first_execution_time must be")
	fs.DurationVar(&c.ExpirationInterval, "expiration-interval", 0,
		"execution expiration: how often finished executions are evaluated (evaluation_interval; 0 disables)")
	fs.DurationVar(&c.ExpirationOlderThan, "expiration-older-than", 0,
		"execution expiration: delete finished executions last updated longer ago (older_than, at least 1m)")
	fs.IntVar(&c.ExpirationMaxFinished, "expiration-max-finished", 0,
		"execution expiration: keep at most this many finished executions (max_finished_executions; 0 keeps all)")
	fs.IntVar(&c.ExpirationBatchSize, "expiration-batch-size", 0,
		"execution expiration: executions deleted per batch (batch_size; 0 deletes all at once)")
	fs.StringVar(&c.ExpirationIgnoredStates, "expiration-ignored-states", "",
		"execution expiration: comma-separated terminal states that never expire (ignored_states)")
}

// startScheduling starts the trigger service and the expiration policy;
// stop stops them (before the engine stops).
func startScheduling(ctx context.Context, cfg SchedulingConfig, db *storage.DB, defs *storage.Definitions,
	rt *storage.Runtime, eng *actors.Engine, reg prometheus.Registerer, clu *cluster.Cluster) (*triggers.Service, func(), error) {
	store, err := storage.OpenTriggers(db)
	if err != nil {
		return nil, nil, err
	}
	minFirst := cfg.CronMinFirstDelay
	if minFirst == 0 {
		minFirst = -1 // any future time
	}
	tag := clu.Local().Tag
	trg, err := triggers.New(triggers.Config{Defs: defs, Store: store, Engine: eng, MinFirstDelay: minFirst, Registerer: reg,
		NewID: func() string { return cluster.NewID(tag) }})
	if err != nil {
		return nil, nil, err
	}
	var ignored []string
	for _, s := range strings.Split(cfg.ExpirationIgnoredStates, ",") {
		if s = strings.TrimSpace(strings.ToUpper(s)); s != "" {
			ignored = append(ignored, s)
		}
	}
	exp, err := expiration.New(expiration.Config{Runtime: rt, Engine: eng, Interval: cfg.ExpirationInterval,
		OlderThan: cfg.ExpirationOlderThan, MaxFinished: cfg.ExpirationMaxFinished, BatchSize: cfg.ExpirationBatchSize,
		IgnoredStates: ignored, Registerer: reg})
	if err != nil {
		return nil, nil, fmt.Errorf("--expiration-ignored-states: %w", err)
	}
	// Cron triggers fire once in the cluster: on its leader.
	clu.OnLeaderChange(func(leader bool) {
		if !leader {
			trg.Stop()
			return
		}
		if err := trg.Start(ctx); err != nil {
			slog.Error("cron scheduler", "err", err)
		}
	})
	exp.Start(ctx)
	return trg, func() {
		exp.Stop()
		trg.Stop()
	}, nil
}
