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
	// MaxScriptedFailures bounds the entries of a dispatch script.
	MaxScriptedFailures = 1_000
	// MaxAttempts is the most calls, counting retries and the baseline,
	// that the dispatch of one POST /api/simulate may make in the worst
	// case (Dispatch.WorstCase): every call is recorded in the result, so
	// this bounds its work and its size. 80,000 is what a 10,000-request
	// scenario needs with the default 3 retries and the baseline:
	// (10,000 + 10,000) × 4; the costliest request it allows takes about
	// 2 s on the Worker (README, "what one request can cost"). The command
	// line has no such limit.
	MaxAttempts = 80_000
)

// A streamed run (StreamTrace) holds a few bytes per request, not the
// rows: MaxStreamRows bounds its rows (request indexes are 32-bit) and
// MaxStreamRecordBytes the length of one CSV record, which it holds whole.
const (
	MaxStreamRows        = 1<<31 - 1
	MaxStreamRecordBytes = 16 << 20
)

// MaxPlaygroundRequests is the most requests the playground simulates in
// the page: a 100,000-row token-only trace opens there; a larger scenario
// is refused with a message pointing at the CLI instead of freezing the
// tab.
const MaxPlaygroundRequests = 100_000

// CountPrompts returns the number of items of a prompts document (a JSON
// array) without decoding them, so that a limit can be checked before the
// work; 0 for anything that is not an array. It reads only the array's
// structure, in one pass: the items' syntax is the decoder's to check
// (which names the first error), so a malformed document may be counted.
func CountPrompts(data []byte) int {
	sc := valueScanner{data: data}
	if sc.peek() != '[' {
		return 0
	}
	return sc.count()
}
