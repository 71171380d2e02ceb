package core

import (
	"bytes"
	"path"
	"slices"
	"strings"
)

// DetectTrafficFormat guesses the format of a file from its first bytes
// (head: a few kilobytes are plenty; a cut line does no harm) and, only when
// the content does not decide, its name.
//
//   - A JSON array ("[") is a prompts document (TrafficPrompts).
//   - A JSON object is read by the keys of the first one: "requests" or
//     custom_id with params → Anthropic; custom_id, body or url → OpenAI;
//     hash_ids, input_length or output_length → Mooncake; batchlab's prompt
//     keys → JSONL. A JSON string line is JSONL.
//   - Otherwise the first line is a CSV header: Timestamp, Model, Request
//     tokens and Response tokens → BurstGPT; TIMESTAMP, ContextTokens and
//     GeneratedTokens → Azure; any other header of two or more columns →
//     the generic CSV format (which needs a column mapping).
//   - The name breaks ties: "*.jsonl"/"*.ndjson" mentioning mooncake →
//     Mooncake, else JSONL; "*.json" → prompts; "*.csv" mentioning
//     burstgpt or azure → those, else generic CSV.
//
// It returns TrafficUnknown when nothing fits.
func DetectTrafficFormat(head []byte, fileName string) TrafficFormat {
	head = bytes.TrimLeft(bytes.TrimPrefix(head, []byte("\ufeff")), " \t\r\n")
	hint := formatFromName(fileName)
	if len(head) == 0 {
		return hint
	}
	switch head[0] {
	case '[':
		return TrafficPrompts
	case '"':
		return TrafficJSONL
	case '{':
		keys := firstObjectKeys(head)
		has := func(names ...string) bool {
			for _, n := range names {
				if slices.Contains(keys, n) {
					return true
				}
			}
			return false
		}
		switch {
		case has("requests") || has("custom_id") && has("params"):
			return TrafficAnthropicBatch
		case has("custom_id", "body", "url"):
			return TrafficOpenAIBatch
		case has("hash_ids", "input_length", "output_length"):
			return TrafficMooncake
		case has(promptKeys...):
			return TrafficJSONL
		}
		switch hint {
		case TrafficMooncake, TrafficOpenAIBatch, TrafficAnthropicBatch:
			return hint
		}
		return TrafficJSONL // its errors name the unknown keys
	}
	line, _, _ := bytes.Cut(head, []byte{'\n'})
	sc := newCSVScanner(line)
	if ok, err := sc.next(); !ok || err != nil || len(sc.fields) < 2 {
		return hint
	}
	has := func(names ...string) bool {
		for _, n := range names {
			if !slices.ContainsFunc(sc.fields, func(h []byte) bool { return strings.EqualFold(string(bytes.TrimSpace(h)), n) }) {
				return false
			}
		}
		return true
	}
	switch {
	case has("Timestamp", "Model", "Request tokens", "Response tokens"):
		return TrafficBurstGPT
	case has("TIMESTAMP", "ContextTokens", "GeneratedTokens"):
		return TrafficAzure
	case hint == TrafficAzure || hint == TrafficBurstGPT:
		return hint
	}
	return TrafficCSV
}

// formatFromName guesses a format from a file name alone.
func formatFromName(name string) TrafficFormat {
	base := strings.ToLower(path.Base(strings.ReplaceAll(name, "\\", "/")))
	switch path.Ext(base) {
	case ".jsonl", ".ndjson":
		if strings.Contains(base, "mooncake") {
			return TrafficMooncake
		}
		return TrafficJSONL
	case ".json":
		return TrafficPrompts
	case ".csv":
		switch {
		case strings.Contains(base, "burstgpt"):
			return TrafficBurstGPT
		case strings.Contains(base, "azure"):
			return TrafficAzure
		}
		return TrafficCSV
	}
	return TrafficUnknown
}

// firstObjectKeys returns the keys of the JSON object at the start of
// head, as far as head goes; it tolerates a cut or malformed object.
func firstObjectKeys(head []byte) []string {
	var keys []string
	depth := 0
	expectKey := false
	for i := 0; i < len(head); i++ {
		switch c := head[i]; c {
		case '{', '[':
			depth++
			expectKey = c == '{' && depth == 1
		case '}', ']':
			depth--
			if depth <= 0 {
				return keys
			}
		case ',':
			expectKey = depth == 1
		case '"':
			j := i + 1
			for j < len(head) && head[j] != '"' {
				if head[j] == '\\' {
					j++
				}
				j++
			}
			if expectKey && j < len(head) {
				keys = append(keys, jsonString(head[i:j+1]))
			}
			expectKey = false
			i = j
		}
	}
	return keys
}
