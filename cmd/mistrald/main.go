// Command mistrald is the mistral-go service: one process serving the
// Mistral REST API v2 with its state in an embedded Pebble database.
//
//	mistrald --listen 127.0.0.1:8989 --data ./data
//
// It prints "mistrald listening on <addr>" once it accepts requests (the
// port is chosen by the system when --listen ends in ":0") and stops
// gracefully on SIGTERM or SIGINT.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"hash/fnv"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/mistral-go/mistral-go/actions"
	"github.com/mistral-go/mistral-go/actors"
	"github.com/mistral-go/mistral-go/httpd"
	"github.com/mistral-go/mistral-go/notify"
	"github.com/mistral-go/mistral-go/storage"
)

// Config is the service configuration; DefaultConfig gives the defaults.
type Config struct {
	// Listen is the address of the REST API.
	Listen string
	// Data is the directory of the Pebble database.
	Data string
	// MaxBody is the request body limit in bytes.
	MaxBody int64
	// ShutdownTimeout bounds the graceful stop.
	ShutdownTimeout time.Duration
	// CacheSize is Pebble's block cache size in bytes.
	CacheSize int64
	// NodeTag is put in the leading bits of every id this node creates
	// (see cluster.NewID); the default is derived from the host name.
	NodeTag uint
	// AllowActionExecutionDeletion is Mistral's [api]
	// allow_action_execution_deletion: DELETE /v2/action_executions/{id}
	// is refused unless it is set.
	AllowActionExecutionDeletion bool
	// Pprof is the address of the runtime profiles (/debug/pprof), off
	// when empty.
	Pprof string
	// Surface configures the operator routes, dynamic actions and the v1
	// API (see surface.go).
	Surface SurfaceConfig
	// Scheduling configures cron and event triggers and the execution
	// expiration policy.
	Scheduling SchedulingConfig
	// Cluster configures gossip membership (see cluster.go).
	Cluster ClusterConfig
}

// DefaultConfig returns the defaults: Mistral's port on loopback, state
// in ./data.
func DefaultConfig() Config {
	return Config{
		Listen:          "127.0.0.1:8989",
		Data:            "./data",
		MaxBody:         httpd.DefaultMaxBody,
		ShutdownTimeout: 10 * time.Second,
		CacheSize:       64 << 20,
		NodeTag:         uint(hostTag()),
	}
}

// hostTag derives a node tag from the host name, so that one machine
// keeps its tag across restarts.
func hostTag() uint16 {
	host, _ := os.Hostname()
	h := fnv.New32a()
	_, _ = h.Write([]byte(host))
	return uint16(h.Sum32())
}

func main() {
	cfg := DefaultConfig()
	fs := flag.NewFlagSet("mistrald", flag.ExitOnError)
	fs.StringVar(&cfg.Listen, "listen", cfg.Listen, "address of the REST API (host:port; port 0 picks a free one)")
	fs.StringVar(&cfg.Data, "data", cfg.Data, "directory of the database")
	fs.Int64Var(&cfg.MaxBody, "max-body", cfg.MaxBody, "request body limit in bytes")
	fs.DurationVar(&cfg.ShutdownTimeout, "shutdown-timeout", cfg.ShutdownTimeout, "graceful stop limit")
	fs.Int64Var(&cfg.CacheSize, "cache-size", cfg.CacheSize, "database block cache in bytes")
	fs.UintVar(&cfg.NodeTag, "node-tag", cfg.NodeTag, "owner tag (0-65535) in the leading bits of the ids this node creates")
	fs.BoolVar(&cfg.AllowActionExecutionDeletion, "allow-action-execution-deletion", false,
		"allow DELETE /v2/action_executions/{id} of finished ad-hoc action executions")
	fs.StringVar(&cfg.Pprof, "pprof", "", "serve Go runtime profiles (/debug/pprof) on this address (host:port); off when empty")
	cfg.Surface.flags(fs)
	cfg.Scheduling.flags(fs)
	cfg.Cluster.flags(fs)
	_ = fs.Parse(os.Args[1:])
	fs.Visit(func(f *flag.Flag) { cfg.Cluster.tagSet = cfg.Cluster.tagSet || f.Name == "node-tag" })
	cfg.Surface.fromEnv()

	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGTERM, syscall.SIGINT)
	defer stop()
	if err := run(ctx, cfg); err != nil {
		slog.Error("mistrald stopped", "err", err)
		os.Exit(1)
	}
}

// run serves until ctx ends, then stops gracefully.
func run(ctx context.Context, cfg Config) error {
	if cfg.Pprof != "" {
		if err := servePprof(ctx, cfg.Pprof); err != nil {
			return fmt.Errorf("--pprof: %w", err)
		}
	}
	db, err := storage.Open(storage.Options{Dir: cfg.Data, CacheSize: cfg.CacheSize, Quiet: true})
	if err != nil {
		return err
	}
	defer db.Close()
	defs, err := storage.OpenDefinitions(db)
	if err != nil {
		return err
	}
	rt, err := storage.OpenRuntime(db)
	if err != nil {
		return err
	}
	if cfg.NodeTag > 0xffff {
		return fmt.Errorf("--node-tag %d: must be at most 65535", cfg.NodeTag)
	}
	surf, err := storage.OpenSurface(db)
	if err != nil {
		return err
	}
	py := actions.NewPython(cfg.Surface.Python)
	reg := httpd.NewRegistry()
	std := actions.Std(actions.Config{})
	ln, err := net.Listen("tcp", cfg.Listen)
	if err != nil {
		return err
	}
	defer ln.Close()
	// The node joins its cluster and catches up with its definitions
	// before anything runs; it owns new executions once it serves.
	clu, err := newCluster(cfg, ln.Addr().String(), db, reg)
	if err != nil {
		return err
	}
	if err := clu.Start(ctx); err != nil {
		return err
	}
	defer clu.Stop()
	// Webhooks of params.notify; closed after the engine stops, so the
	// last events are still delivered.
	notifier, err := notify.New(notify.Config{Registerer: reg})
	if err != nil {
		return err
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		notifier.Close(sctx)
	}()
	eng, err := actors.New(actors.Config{Defs: defs, Runtime: rt, Registry: std, NodeTag: clu.Local().Tag, Registerer: reg,
		Observer: notifier, Actions: dynamicActions(py, surf)})
	if err != nil {
		return err
	}
	// Every unfinished execution resumes before the API accepts work; the
	// engine stops (its last batches durable) before the database closes.
	if err := eng.Start(ctx); err != nil {
		return fmt.Errorf("engine recovery: %w", err)
	}
	defer func() {
		sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
		defer cancel()
		if err := eng.Stop(sctx); err != nil {
			slog.Error("engine stop", "err", err)
		}
	}()
	trg, stopScheduling, err := startScheduling(ctx, cfg.Scheduling, db, defs, rt, eng, reg, clu)
	if err != nil {
		return err
	}
	defer stopScheduling()
	api, err := httpd.New(defs, httpd.Config{
		MaxBody:                      cfg.MaxBody,
		Node:                         clu.Local(),
		Cluster:                      clu,
		SystemActions:                func() []httpd.SystemAction { return systemActions(std) },
		Registry:                     reg,
		Runtime:                      rt,
		Engine:                       eng,
		Triggers:                     trg,
		AllowActionExecutionDeletion: cfg.AllowActionExecutionDeletion,
		Surface:                      surf,
		InspectClass:                 inspectClass(py),
		InfoFile:                     cfg.Surface.InfoFile,
		APIKeys:                      cfg.Surface.APIKeys,
	})
	if err != nil {
		return err
	}
	defer api.Close()
	clu.SetHandler(api)
	srv := &http.Server{Handler: api, ReadHeaderTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	clu.SetReady()
	if g := clu.GossipAddr(); g != "" {
		slog.Info("cluster member", "node", clu.Local().Name, "tag", clu.Local().Tag, "gossip", g, "actor", clu.Local().Actor)
	}
	fmt.Printf("mistrald listening on %s\n", ln.Addr())
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	// In a cluster the node first stops taking new executions and lets
	// its running ones finish (within --drain-timeout).
	dctx, dcancel := context.WithTimeout(context.Background(), cfg.Cluster.DrainTimeout)
	clu.Drain(dctx, running(rt))
	dcancel()
	sctx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return err
	}
	clu.Stop()
	return nil
}

// systemActions lists the std action catalogue of the action library.
func systemActions(reg *actions.Registry) []httpd.SystemAction {
	var out []httpd.SystemAction
	for _, a := range reg.Actions() {
		out = append(out, httpd.SystemAction{Name: a.Name, Input: a.Signature.String(), Description: a.Description})
	}
	return out
}
