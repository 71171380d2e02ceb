package core

// BurstGPT (Wang et al., the LLM serving workload of a regional Azure
// OpenAI service) is a CSV file with the header
//
//	Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type
//
// to which newer files add "Session ID" and "Elapsed time". Columns are
// found by name (case-insensitively); the ones not listed here are ignored.
//
// Rules:
//
//   - Timestamp is the submission time in seconds (a decimal number, read
//     exactly) from 0:00 of the log's first day. The arrival is the time
//     since the earliest row in whole milliseconds, floored: ⌊(t − t₀) /
//     1 ms⌋. Report.Origin is the earliest Timestamp as written.
//   - Model is kept as written ("ChatGPT", "GPT-4"); mapping it to the
//     catalog is the scenario's business.
//   - Request tokens are the input tokens, Response tokens the output
//     tokens. A row with Response tokens 0 is a request that failed: it is
//     kept, marked Failed and counted in Report.Failed, so that the user
//     may drop it. A row with Request tokens 0 is skipped (SkipNoInput).
//   - Unsorted files are sorted stably, as in every trace format.
var burstGPTColumns = csvColumns{
	mapping: CSVMapping{
		Time: "Timestamp", TimeUnit: TimeSeconds, Model: "Model", InputTokens: "Request tokens", OutputTokens: "Response tokens",
	},
	failedOnZeroOutput: true,
}
