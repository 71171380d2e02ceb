package state

import (
	"encoding/json"
	"errors"

	"github.com/batchlab/batchlab/core"
)

// Prompts may hold personal data, and a short link uploads the scenario to
// a server: before the first such upload the page asks (HasPromptText) and
// offers to share token counts only (ShareFragmentTokensOnly).

// HasPromptText reports whether any prompt carries text (or whether the
// prompts cannot be read yet, which may hide text too).
func (p *Playground) HasPromptText() bool {
	reqs, _, err := core.DecodeRequests(json.RawMessage(p.PromptsText()), p.catalog(), "$", p.Scenario.Mode)
	if err != nil {
		return true
	}
	for i := range reqs {
		if reqs[i].Text != "" {
			return true
		}
	}
	return false
}

// ShareFragmentTokensOnly is ShareFragment with every prompt text replaced
// by its token count (see TokenCountsOnly).
func (p *Playground) ShareFragmentTokensOnly() (string, error) {
	prompts, err := TokenCountsOnly(json.RawMessage(p.PromptsText()), p.catalog(), p.Scenario.Mode)
	if err != nil {
		return "", err
	}
	return p.shareFragment(prompts)
}

// TokenCountsOnly returns the prompts document with the text of every
// request that has some removed: its object keeps its other fields and
// gets input_tokens (its token count) and analysis_json (what the
// analyser read from the text), so that it is classified and routed as
// before and the simulation gives the same batches. Requests without text
// are kept as they are. mode's input rules read the prompts.
func TokenCountsOnly(prompts json.RawMessage, cat *core.Catalog, mode core.Mode) (json.RawMessage, error) {
	reqs, _, err := core.DecodeRequests(prompts, cat, "$", mode)
	if err != nil {
		return nil, errors.New("the prompts are not valid yet; fix them to share")
	}
	core.Enrich(reqs, cat, nil)
	var items []json.RawMessage
	if err := json.Unmarshal(prompts, &items); err != nil {
		return nil, err
	}
	for i, item := range items {
		r := &reqs[i]
		if r.Text == "" {
			continue
		}
		obj := map[string]json.RawMessage{}
		if item[0] == '{' {
			if err := json.Unmarshal(item, &obj); err != nil {
				return nil, err
			}
		}
		delete(obj, "prompt")
		delete(obj, "shortened_query")
		delete(obj, "token_count")
		obj["request_id"], _ = json.Marshal(r.ID)
		obj["input_tokens"], _ = json.Marshal(r.TokenCount)
		obj["analysis_json"], _ = json.Marshal(r.Analysis)
		if items[i], err = json.Marshal(obj); err != nil {
			return nil, err
		}
	}
	return json.Marshal(items)
}
