package core

// Limits bound the work one input can cause. They are one table, read by
// the server, the Worker, the playground and the CLI alike (see the
// README's limits table); each is enforced with a clear error naming it.
const (
	// MaxBodyBytes is the largest request body the API reads as sent.
	MaxBodyBytes = 4 << 20
	// MaxScenarioBytes is the largest scenario document once decompressed
	// (a gzip body, a link fragment): room for a 100,000-row token-only
	// trace (about 6 MB of prompt objects).
	MaxScenarioBytes = 16 << 20
	// MaxShareRequests is the most requests a shared scenario holds.
	MaxShareRequests = 100_000
	// MaxSimulateRequests is the most requests POST /api/simulate runs:
	// larger scenarios run in the CLI or the page.
	MaxSimulateRequests = 10_000
	// MaxModels bounds a scenario's catalog models and MaxOverrides its
	// per-model overrides.
	MaxModels    = 1_000
	MaxOverrides = 1_000
	// MaxAttempts is the most calls, counting retries and the baseline,
	// that the dispatch of one POST /api/simulate may make in the worst
	// case (Dispatch.WorstCase): every call is recorded in the result, so
	// this bounds its work and its size. The command line has no such
	// limit.
	MaxAttempts = 200_000
)
