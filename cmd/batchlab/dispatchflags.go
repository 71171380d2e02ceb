package main

import (
	"flag"

	"github.com/batchlab/batchlab/core"
)

// dispatchFlags are the simulate flags that set the scenario's dispatch
// settings. Only flags given on the command line replace the scenario's
// values; validation then reports bad values by their JSON path
// ($.dispatch.…).
type dispatchFlags struct {
	enabled, shuffle, stop, batchAPI, baseline *bool
	job, slots, model                          *string
	batchSize, concurrency, maxRetries         *int
	backoffBase, backoffCap, timeout           *int64
	rateLimit, server, hang, client            *float64
	parseBase, parsePerRow                     *float64
}

func addDispatchFlags(fs *flag.FlagSet) *dispatchFlags {
	d := core.DefaultDispatch()
	return &dispatchFlags{
		enabled:     fs.Bool("dispatch", d.Enabled, "simulate the calls after batching (--dispatch=false turns it off)"),
		job:         fs.String("job", d.Job, "where batches come from: batches (the policy's) or fixed (fixed-size chunks in row order)"),
		batchSize:   fs.Int("batch-size", d.BatchSize, "rows per batch of a fixed job"),
		concurrency: fs.Int("concurrency", d.Concurrency, "calls at once in the global pool (fixed jobs, or --slots global)"),
		shuffle:     fs.Bool("shuffle", d.Shuffle, "shuffle the rows of a fixed job (seeded) before cutting them"),
		model:       fs.String("job-model", d.Model, "model of a fixed job (default: the model most rows selected)"),
		slots:       fs.String("slots", d.Slots, "concurrency scope of policy batches: model (each model's max_concurrency) or global"),
		maxRetries:  fs.Int("max-retries", d.MaxRetries, "retries of a failed batch"),
		backoffBase: fs.Int64("backoff-base-ms", d.BackoffBaseMs, "backoff base: retry k waits min(base·2^k + U(0, 0.1·base·2^k), cap)"),
		backoffCap:  fs.Int64("backoff-cap-ms", d.BackoffCapMs, "backoff cap"),
		timeout:     fs.Int64("timeout-ms", d.TimeoutMs, "request timeout: a longer call fails"),
		stop:        fs.Bool("stop-on-exhaustion", d.StopOnExhaustion, "cancel batches not yet started once a batch fails for good"),
		batchAPI:    fs.Bool("batch-api", d.BatchAPI, "send multi-request calls through the batch API, at the model's batch_discount"),
		baseline:    fs.Bool("baseline", d.Baseline, "also dispatch one request per call and compare"),
		rateLimit:   fs.Float64("fail-429", 0, "probability of an injected HTTP 429 per attempt"),
		server:      fs.Float64("fail-5xx", 0, "probability of an injected HTTP 500/502/503/504 per attempt"),
		hang:        fs.Float64("fail-timeout", 0, "probability that an attempt hangs until the timeout"),
		client:      fs.Float64("fail-4xx", 0, "probability of an injected HTTP 400/401/403 per attempt (never retried)"),
		parseBase:   fs.Float64("fail-parse", 0, "probability that a reply does not parse, before the per-row term"),
		parsePerRow: fs.Float64("fail-parse-per-row", 0, "added parse-failure probability per row of the batch"),
	}
}

// apply copies the flags given on the command line into d.
func (f *dispatchFlags) apply(fs *flag.FlagSet, d *core.Dispatch) {
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "dispatch":
			d.Enabled = *f.enabled
		case "job":
			d.Job = *f.job
		case "batch-size":
			d.BatchSize = *f.batchSize
		case "concurrency":
			d.Concurrency = *f.concurrency
		case "shuffle":
			d.Shuffle = *f.shuffle
		case "job-model":
			d.Model = *f.model
		case "slots":
			d.Slots = *f.slots
		case "max-retries":
			d.MaxRetries = *f.maxRetries
		case "backoff-base-ms":
			d.BackoffBaseMs = *f.backoffBase
		case "backoff-cap-ms":
			d.BackoffCapMs = *f.backoffCap
		case "timeout-ms":
			d.TimeoutMs = *f.timeout
		case "stop-on-exhaustion":
			d.StopOnExhaustion = *f.stop
		case "batch-api":
			d.BatchAPI = *f.batchAPI
		case "baseline":
			d.Baseline = *f.baseline
		case "fail-429":
			d.Failures.RateLimit = *f.rateLimit
		case "fail-5xx":
			d.Failures.Server = *f.server
		case "fail-timeout":
			d.Failures.Timeout = *f.hang
		case "fail-4xx":
			d.Failures.Client = *f.client
		case "fail-parse":
			d.Failures.ParseBase = *f.parseBase
		case "fail-parse-per-row":
			d.Failures.ParsePerRow = *f.parsePerRow
		}
	})
}
