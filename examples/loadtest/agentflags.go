package main

import (
	"context"
	"flag"
	"fmt"
	"os"
	"time"

	"github.com/tim-go/sdk/examples/loadtest/agentmetrics"
)

// agentFlags reads -agent, -plan and -start into cfg; the plan file fills
// the plan flags the command line left out (applyPlanFile).
func agentFlags(cfg *config, agentFlag, planFile, startFlag string) error {
	if planFile != "" {
		if agentFlag == "" {
			return fmt.Errorf("-plan goes with -agent")
		}
		set := map[string]bool{}
		flag.Visit(func(f *flag.Flag) { set[f.Name] = true })
		if err := applyPlanFile(flag.CommandLine, set, planFile); err != nil {
			return err
		}
		startFlag = flag.Lookup("start").Value.String()
	}
	if agentFlag != "" {
		a, err := parseAgent(agentFlag)
		if err != nil {
			return err
		}
		cfg.Agent = &a
	}
	if startFlag != "" {
		at, err := parseStart(startFlag, time.Now())
		if err != nil {
			return err
		}
		cfg.StartAt = at
	}
	return nil
}

// serveMetrics starts -metrics, if asked, and returns what stops it:
// after -metrics-linger (or ctx's end), so a scraper gets the last values.
func serveMetrics(cfg *config) (func(context.Context), error) {
	if cfg.Metrics == "" {
		return func(context.Context) {}, nil
	}
	index := 0
	if cfg.Agent != nil {
		index = cfg.Agent.Index
	}
	cfg.metrics = agentmetrics.New(index)
	srv, err := cfg.metrics.Serve(cfg.Metrics)
	if err != nil {
		return nil, fmt.Errorf("-metrics: %w", err)
	}
	fmt.Fprintf(os.Stderr, "loadtest: metrics at %s\n", srv.URL)
	return func(ctx context.Context) {
		sleep(ctx, cfg.MetricsLinger)
		_ = srv.Close()
	}, nil
}
