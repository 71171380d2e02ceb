package core

// The Azure LLM inference traces (2023 and 2024 releases of the Azure
// Public Dataset) are CSV files with the header
//
//	TIMESTAMP,ContextTokens,GeneratedTokens
//
// Rules:
//
//   - TIMESTAMP is a wall-clock time without a zone and with up to 7 (up to
//     9 accepted) fractional digits, "2023-11-16 18:15:46.6805900" (see
//     TimeWallClock). The arrival is the time since the earliest row in
//     whole milliseconds, floored: ⌊(t − t₀) / 1 ms⌋, computed on integers.
//     Report.Origin is the earliest TIMESTAMP as written.
//   - ContextTokens are the input tokens, GeneratedTokens the real output
//     tokens. A row with ContextTokens 0 is skipped (SkipNoInput).
//   - The files are in time order; one that is not is sorted stably and
//     Report.Sorted says so.
//   - Columns are found by name (case-insensitively), so extra columns do
//     no harm. There are no ids, models, users or failures.
var azureColumns = csvColumns{mapping: CSVMapping{
	Time: "TIMESTAMP", TimeUnit: TimeWallClock, InputTokens: "ContextTokens", OutputTokens: "GeneratedTokens",
}}
