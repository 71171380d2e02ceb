package ui

import (
	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
)

// CatalogPanel is the editable table of models. The table
// (CatalogTable) is a component of its own, so that its code is compiled
// only when it is first shown.
type CatalogPanel struct {
	P *state.Playground
	// Open shows the table; it is folded by default because its 300
	// inputs make every render of the page slower.
	Open bool
	// Shown are the groups of detail columns (state.CatalogGroups, by key)
	// the table shows besides the main columns.
	Shown map[string]bool
}

// toggleGroup shows or hides the columns of the group called key.
func (c *CatalogPanel) toggleGroup(key string) {
	if c.Shown == nil {
		c.Shown = map[string]bool{}
	}
	c.Shown[key] = !c.Shown[key]
}

func (c *CatalogPanel) ariaExpanded() string {
	if c.Open {
		return "true"
	}
	return "false"
}

func (c *CatalogPanel) toggleText() string {
	if c.Open {
		return "Hide the table"
	}
	return "Edit the catalog"
}

func (c *CatalogPanel) summary() string {
	s := units.Plural(len(c.P.Models), "model", "models")
	if c.P.CatalogEdited() {
		s += ", edited: shared links carry the whole catalog"
	} else {
		s += ", the defaults"
	}
	if n := len(c.P.CatalogProblems()); n > 0 {
		s += "; " + units.Plural(n, "problem", "problems") + " marked below"
	}
	return s + "."
}
