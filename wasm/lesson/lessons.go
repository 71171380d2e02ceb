package lesson

import (
	"encoding/json"

	"github.com/batchlab/batchlab/core"
)

// openClamp lets the wait go up to 2 s, so that the Max wait slider acts
// beyond the default clamp of 120 ms.
func openClamp(s *core.Scenario) { s.Policy.MaxWaitMs = 2000 }

// fixedJob turns the scenario into a fixed-size job on gpt-4o-mini with
// every row there at once.
func fixedJob(s *core.Scenario, batchSize, concurrency int) {
	s.Arrivals.Process = "fixed"
	s.Arrivals.GapMs = 0
	s.Dispatch.Job = core.JobFixed
	s.Dispatch.Model = "gpt-4o-mini"
	s.Dispatch.BatchSize = batchSize
	s.Dispatch.Concurrency = concurrency
	s.Dispatch.StopOnExhaustion = false
}

// All lists the lessons in the order the page offers them.
var All = []Lesson{
	{
		ID: "wait-for-company", Title: "Wait for company", Preset: "steady-chat",
		Story: "60 chat prompts arrive at about 20 per second, spread over many models. With a wait of 80 ms most batches hold one or two requests: the batcher gives up before company arrives.",
		Goal: Goal{Text: "Get an average batch of at least 3 requests while keeping the p95 queue wait at or under 250 ms.",
			Checks: []Check{{MeanBatchSize, AtLeast, 3}, {P95QueueWait, AtMost, 250}}},
		Hints: []string{
			"Each model's batch closes when its wait runs out (blue bars). Longer waits let more requests join.",
			"Raise Max wait under Policy → Limits; this lesson opens the clamp to 2 s so the slider acts above 120 ms.",
			"Try a Max wait between 200 and 250 ms.",
		},
		Explanation: "A longer wait trades latency for fuller batches: every request now waits up to the new limit, so the p95 queue wait rises one for one with it. At 20 requests per second over several models, company arrives slowly — this is why sparse traffic batches poorly.",
		Solution:    "Max wait 250 ms.",
		start:       openClamp,
		solve:       func(s *core.Scenario) { s.Policy.BaseWaitMs = 250 },
	},
	{
		ID: "fill-the-burst", Title: "Let the burst fill the batch", Preset: "burst",
		Story: "Three bursts of 27 incident prompts, each within 40 ms. Per-model tuning is off and batches hold at most 8 requests: they fill at once and close on size, leaving the rest of the burst for more, smaller batches.",
		Goal: Goal{Text: "Keep the p95 queue wait under 100 ms with an average batch of at least 6 requests.",
			Checks: []Check{{P95QueueWait, AtMost, 99}, {MeanBatchSize, AtLeast, 6}}},
		Hints: []string{
			"Green bars closed on size: they were full before the wait ran out.",
			"The wait is not the limit here: the bursts are short. Raise Max batch size.",
			"A batch of 16 holds a model's share of a burst.",
		},
		Explanation: "When traffic comes in bursts, the size limit decides the batches: requests are there at once, so larger batches cost no extra wait. The price moves elsewhere: a call that carries more requests decodes more answers, so end-to-end latency per batch grows.",
		Solution:    "Max batch size 16.",
		start:       func(s *core.Scenario) { s.Policy.ModelTuning = false; s.Policy.MaxBatchSize = 8 },
		solve:       func(s *core.Scenario) { s.Policy.MaxBatchSize = 16 },
	},
	{
		ID: "late-timeouts", Title: "Time-outs that fire late", Preset: "overnight",
		Story: "40 prompts minutes apart overnight, batched in the seed close mode of the reference prototype. Look at the queue waits: a request waits for the next one to arrive, minutes later, before its time-out is noticed.",
		Goal: Goal{Text: "Bring the p95 queue wait down to 120 ms or less without touching the waits.",
			Checks: []Check{{P95QueueWait, AtMost, 120}}},
		Hints: []string{
			"Click a batch bar: \"Why did this batch close\" says how late its time-out was noticed.",
			"The seed mode checks time-outs only when the next request arrives. The other close mode does not.",
			"Switch the close mode to timer under Policy → Mode.",
		},
		Explanation: "In seed mode a batch's deadline is only checked on the next arrival, so on sparse traffic the overshoot has no bound: here it is minutes. The timer mode closes each batch exactly at its deadline, so no request waits longer than its own wait. Compare both modes side by side in the Compare view (\"seed vs timer\").",
		Solution:    "Close mode timer.",
		start:       func(s *core.Scenario) { s.Mode = core.ModeSeed },
		solve:       func(s *core.Scenario) { s.Mode = core.ModeTimer },
	},
	{
		ID: "pay-the-prompt-once", Title: "Pay the instruction prompt once", Preset: "steady-chat",
		Story: "Every call carries a 600-token instruction prompt. With a batch size of 1 every request pays it: the bill is that of one call per request.",
		Goal: Goal{Text: "Save at least 45 % of the one-call-per-request bill while keeping the p95 end-to-end latency at or under 1.5 s.",
			Checks: []Check{{CostSaving, AtLeast, 0.45}, {P95Latency, AtMost, 1500}}},
		Hints: []string{
			"The dispatch metrics compare the batched bill with one call per request.",
			"A batch pays the shared prompt once for all its requests. Raise Max batch size.",
			"Max batch size 8 is enough; the wait (200 ms) then decides how full batches get.",
		},
		Explanation: "Input tokens dominate this bill, and most of them are the shared prompt: a batch of three pays it once instead of three times. Latency pays for it — a request waits for company, and a call with more requests decodes more answers — so the p95 end-to-end roughly doubles.",
		Solution:    "Max batch size 8.",
		start: func(s *core.Scenario) {
			openClamp(s)
			s.SharedPromptTokens = 600
			s.Policy.BaseWaitMs = 200
			s.Policy.MaxBatchSize = 1
		},
		solve: func(s *core.Scenario) { s.Policy.MaxBatchSize = 8 },
	},
	{
		ID: "rate-limit-storm", Title: "Weather a 429 storm", Preset: "steady-chat",
		Story: "A fixed-size job: 60 rows on gpt-4o-mini, limited here to 20 requests per minute, 10 calls at once. One row per call asks for 60 calls: the bucket answers most with HTTP 429, retries back off and run out.",
		Goal: Goal{Text: "Finish the job with no failed rows and no retries.",
			Checks: []Check{{FailedRows, AtMost, 0}, {Retries, AtMost, 0}}},
		Hints: []string{
			"The timeline's lower rows show the failed calls (red) and the backoffs (dotted).",
			"The limit counts requests per minute, not rows: fewer, bigger calls fit under it.",
			"Raise Fixed batch size under Dispatch to 5 or more.",
		},
		Explanation: "Rate limits count calls. Batching 5 rows per call needs 12 calls, which the bucket of 20 per minute allows at once: no 429, no retry, every row done in about a second instead of half a minute of backoffs. Backoffs of 1–4 s cannot outwait a bucket that refills over a minute.",
		Solution:    "Fixed batch size 5.",
		start: func(s *core.Scenario) {
			fixedJob(s, 1, 10)
			s.Catalog.Models = append(s.Catalog.Models, json.RawMessage(`{"name":"gpt-4o-mini","rpm":20}`))
		},
		solve: func(s *core.Scenario) { s.Dispatch.BatchSize = 5 },
	},
	{
		ID: "parse-failures", Title: "Big batches that do not parse", Preset: "steady-chat",
		Story: "A fixed-size job of 60 rows, 4 calls at once. Each row in a call adds a 3 % chance that the reply does not parse (one malformed row spoils the call). Batches of 20 fail, retry and fail again.",
		Goal: Goal{Text: "Lose no row and make at most 12 calls (retries count).",
			Checks: []Check{{FailedRows, AtMost, 0}, {Calls, AtMost, 12}}},
		Hints: []string{
			"Too big: calls fail to parse and their retries fail too. Too small: many calls.",
			"Change Fixed batch size under Dispatch and watch calls and failed rows.",
			"Somewhere between 10 and 15 rows per call.",
		},
		Explanation: "Parse failures grow with the rows in a call, so the biggest batches are not the cheapest: each failure re-sends the whole batch. The best size balances fewer calls against more retries — a sweep over the fixed batch size (Sweep view) shows the whole curve.",
		Solution:    "Fixed batch size 10.",
		start: func(s *core.Scenario) {
			fixedJob(s, 20, 4)
			s.Dispatch.Failures.ParsePerRow = 0.03
		},
		solve: func(s *core.Scenario) { s.Dispatch.BatchSize = 10 },
	},
	{
		ID: "watch-the-backoff", Title: "Watch the backoff", Preset: "steady-chat",
		Story: "A fixed-size job of 60 rows in batches of 10, 3 calls at once, with a script: the first two calls of batch 1 get HTTP 429. Only one retry is allowed, so batch 1 gives up after its second 429 and its 10 rows fail.",
		Goal: Goal{Text: "Lose no row, with at most 2 retries.",
			Checks: []Check{{FailedRows, AtMost, 0}, {Retries, AtMost, 2}}},
		Hints: []string{
			"The timeline marks scripted calls with an S; the dotted line after each is the backoff before the next try.",
			"Each retry waits twice as long as the one before (1 s, then 2 s, plus up to 10 % jitter). The script fails two calls: how many retries does batch 1 need?",
			"Raise Max retries under Dispatch to 2.",
		},
		Explanation: "A 429 says \"later\", not \"never\": with a second retry batch 1 outwaits both scripted failures (about 1 s, then 2 s of backoff) and succeeds on its third call, while the other batches run in the other slots. It holds its slot through the backoffs, so a long backoff also delays every batch waiting for a slot. Edit the script under Dispatch → Scripted failures to try other patterns.",
		Solution:    "Max retries 2.",
		start: func(s *core.Scenario) {
			fixedJob(s, 10, 3)
			s.Dispatch.MaxRetries = 1
			s.Dispatch.Script = []core.ScriptedFailure{
				{Batch: 1, Attempt: 0, Failure: "rate_limit"},
				{Batch: 1, Attempt: 1, Failure: "rate_limit"},
			}
		},
		solve: func(s *core.Scenario) { s.Dispatch.MaxRetries = 2 },
	},
}
