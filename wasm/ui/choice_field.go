package ui

import "github.com/batchlab/batchlab/wasm/state"

// ChoiceField is a choice setting's select, with its label and an
// optional hint below.
type ChoiceField struct {
	P *state.Playground
	F *state.Field
	// ID is the select's HTML id.
	ID string
	// Hint, if not empty, is shown below the select.
	Hint string
}

// value is the choice the select shows: an optional choice left empty
// shows the choice it means.
func (c *ChoiceField) value() string {
	if c.F.Optional {
		return c.P.Choice(c.F)
	}
	return c.P.Text(c.F)
}

// SwitchField is a boolean setting's checkbox, with its label and help.
type SwitchField struct {
	P *state.Playground
	F *state.Field
}
