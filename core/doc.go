// Package core is batchlab's simulation engine: it takes prompts with arrival
// times, a batching policy and a model catalog, and computes — without
// calling any model — which batches form, why each one closes, and the
// resulting latency and cost metrics.
//
// The package uses the standard library only and has no hidden inputs: time
// is a number of milliseconds carried by the requests, randomness comes from
// generators seeded by the scenario, and the same input gives byte-identical
// output natively and under WebAssembly.
//
// # Reading order
//
//   - scenario.go: the versioned document a simulation runs (DecodeScenario).
//   - setting.go, settings.go: the table of every scenario setting — path,
//     label, unit, help, kind, bounds, sweep range, CLI flag — from which
//     validation, the CLI's flags, the playground's controls, Compare's
//     fields and the sweep's knobs are all derived.
//   - input.go: the prompts document (DecodeRequests), with errors that name
//     the JSON path of each bad value (error.go, decode.go). Its rules
//     depend on the close mode: timer mode is strict (unknown keys are
//     errors, with "did you mean"); seed mode reads what the reference
//     prototype reads, as Python reads it (input_seed.go, python.go), and
//     warns about the fields it ignores; input_fast.go reads the common
//     shape in one pass and leaves the rest to input.go, and
//     input_chunked.go reads it from a file in chunks (Options.PromptsFrom)
//     rather than whole. Underneath:
//     jsonvalid.go checks a document's syntax in one pass (json.Valid's
//     answer), jsonscan.go walks a valid one, jsonstring.go decodes and
//     re-encodes strings as encoding/json does.
//   - arrival.go: arrival times for prompts that carry none.
//   - traffic.go and traffic_*.go: traces and logs (Azure, BurstGPT,
//     Mooncake, OpenAI and Anthropic batch files, any CSV, JSON Lines) read
//     into records (csvscan.go and jsonlscan.go read CSV records and JSON
//     lines from a whole file or, through readbuffer.go, a buffer at a
//     time; traffic_time.go; traffic_detect.go tells the formats apart;
//     suggest.go the "did you mean" hints); import.go stores them as
//     prompt objects.
//   - trafficrules.go: the scenario's traffic rules — transforms of the
//     rows, and how requests with token counts but no text are classified
//     and routed.
//   - request.go, analysis.go, token.go: enrichment — keyword heuristics,
//     token estimates and effective tokens (keywordtable.go: the keyword
//     automaton, generated).
//   - catalog.go, selection.go: the model catalog and cost-first model
//     selection.
//   - policy.go: waits and limits per model and latency tolerance.
//   - batcher.go: the two close modes, timer and seed, and decide, the one
//     place the close rules live, which records who made each batch close.
//   - metrics.go: what a run measured (radix.go sorts the durations).
//   - simulate.go: the pipeline that ties them together (Simulate, Run);
//     csv.go writes a result as one row per request, resultjson.go streams
//     it as JSON (requestjson.go appends its requests and batches).
//   - stream.go: a token-only trace read, batched, dispatched and
//     measured in one pass (StreamTrace), for traces of tens of millions
//     of rows; streamdispatch.go feeds the dispatcher as batches close,
//     durations.go keeps waits and latencies in 4 bytes each;
//     tracegen.go writes synthetic Azure and Mooncake traces of any size.
//   - limits.go: the one table of limits on what an input may cost;
//     worstcase.go bounds a dispatch's attempts before it runs.
//
// Then what happens after a batch closes, a discrete-event simulation on a
// simulated clock:
//
//   - dispatch.go: the dispatch settings (slots, retries, backoff, failures,
//     and the semantics: batchlab's clean stop or Smelt's engine).
//   - script.go: scripted failures, forced on chosen attempts.
//   - latency.go, cost.go, ratelimit.go, failure.go: the call model — how
//     long a call takes, what it costs, token-bucket rate limits, injected
//     failures.
//   - dispatcher.go, attempt.go: the event loop and every attempt it makes.
//   - job.go: the fixed-size job mode.
//   - dispatchresult.go: outcomes, occupancy, metrics and the baseline of
//     one call per request.
//
// And the teaching tools built on runs:
//
//   - explain.go: why each batch closed, with the numbers, read from the
//     batcher's record.
//   - summary.go, compare.go: two runs of one trace side by side.
//   - sweep.go, pareto.go: one knob over a range, and the Pareto front;
//     streamsweep.go: the same over a streamed trace, read once per point.
//   - export.go: the policy as Triton and Ray Serve configuration.
//
// # Close modes
//
// In timer mode (the default) a batch closes exactly at its deadline — the
// earliest arrival + wait among its members — whether or not anything else
// arrives, or earlier when it reaches its size or token limit. No request
// ever waits longer than its own wait.
//
// Seed mode reproduces the reference prototype to the letter: a time-out is
// noticed only when the next request arrives, the wait is the first
// request's, and open batches are flushed at the last arrival.
package core
