// Command mistral-load is a load generator for any Mistral v2 REST API
// (mistrald or the real Mistral): it runs workflow-execution scenarios in
// a burst or at a steady rate, and GET scenarios, and prints a table and
// optionally JSON. See bench/README.md.
package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/mistral-go/mistral-go/bench/load"
)

func main() {
	var cfg load.Config
	fs := flag.NewFlagSet("mistral-load", flag.ExitOnError)
	fs.StringVar(&cfg.URL, "url", "http://127.0.0.1:8989", "base URL of the Mistral API")
	scen := fs.String("scenario", "noop", "comma-separated scenarios, or all: "+strings.Join(load.ScenarioNames(), ", "))
	fs.StringVar(&cfg.Mode, "mode", load.ModeBurst, "burst (N started at once, time until all finished) or steady (fixed start rate)")
	fs.IntVar(&cfg.N, "n", 0, "burst size (default: per scenario, as bench.py)")
	fs.IntVar(&cfg.Concurrency, "c", 32, "concurrent requests: starts in flight, or GET clients")
	fs.Float64Var(&cfg.Rate, "rate", 0, "steady mode: executions started per second; GET scenarios: requests per second shared by the clients (0: closed loop)")
	fs.DurationVar(&cfg.Duration, "duration", 10*time.Second, "steady mode and GET scenarios: how long to run")
	fs.StringVar(&cfg.Detect, "detect", load.DetectRunning, "completion detection: running (list RUNNING executions), list (bench.py: list all of the workflow), get (GET each, bounded rate)")
	fs.DurationVar(&cfg.Poll, "poll", 100*time.Millisecond, "interval between completion polls")
	fs.Float64Var(&cfg.GetRate, "get-rate", 1000, "detect=get: GETs per second at most")
	fs.DurationVar(&cfg.Timeout, "timeout", 10*time.Minute, "wait for completion at most this long after the last start")
	pids := fs.String("pid", "", "comma-separated pids of the server (CPU time of each and its descendants)")
	fs.StringVar(&cfg.Server.PidDir, "pid-dir", "", "directory of *.pid files naming server processes (the real Mistral: /var/lib/mistral-anchor/run)")
	fs.BoolVar(&cfg.Keep, "keep", false, "keep the workflows and executions")
	fs.StringVar(&cfg.Prefix, "prefix", "bench_", "prefix of the workflow names")
	fs.IntVar(&cfg.Seed, "seed", 100, "list-exec: executions to create first")
	jsonOut := fs.String("json", "", "also write the results as JSON to this file (- for stdout)")
	quiet := fs.Bool("q", false, "no progress lines")
	_ = fs.Parse(os.Args[1:])

	for _, p := range strings.Split(*pids, ",") {
		if p = strings.TrimSpace(p); p == "" {
			continue
		}
		n, err := strconv.Atoi(p)
		if err != nil {
			fatal(fmt.Errorf("--pid %q: not a number", p))
		}
		cfg.Server.Pids = append(cfg.Server.Pids, n)
	}
	names := strings.Split(*scen, ",")
	if *scen == "all" {
		names = load.ScenarioNames()
	}
	if !*quiet {
		cfg.Log = os.Stderr
	}
	ctx, stop := signal.NotifyContext(context.Background(), syscall.SIGINT, syscall.SIGTERM)
	defer stop()
	var results []*load.Result
	failed := false
	for _, name := range names {
		c := cfg
		c.Scenario = strings.TrimSpace(name)
		r, err := load.Run(ctx, c)
		if err != nil {
			fmt.Fprintf(os.Stderr, "%s: %v\n", c.Scenario, err)
			failed = true
			continue
		}
		if !r.OK() {
			failed = true
		}
		if !*quiet {
			fmt.Fprintf(os.Stderr, ".. %s: %d/%d in %.2fs\n", r.Scenario, r.Succeeded+r.Requests, max(r.N, r.Requests), r.WallS)
		}
		results = append(results, r)
	}
	if len(results) > 0 {
		load.WriteTable(os.Stdout, results)
	}
	if *jsonOut != "" {
		data, err := json.MarshalIndent(map[string]any{"url": cfg.URL, "at": time.Now().UTC().Format(time.RFC3339), "results": results}, "", "  ")
		if err != nil {
			fatal(err)
		}
		if *jsonOut == "-" {
			_, _ = os.Stdout.Write(append(data, '\n'))
		} else if err := os.WriteFile(*jsonOut, append(data, '\n'), 0o644); err != nil {
			fatal(err)
		}
	}
	if failed {
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "mistral-load:", err)
	os.Exit(2)
}
