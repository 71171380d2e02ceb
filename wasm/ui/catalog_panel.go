package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
	"github.com/batchlab/batchlab/wasm/units"
)

// CatalogPanel is the editable table of models.
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

// columns are the indexes in state.CatalogColumns of the columns shown:
// the main ones, those of the groups shown, and any with a problem.
func (c *CatalogPanel) columns() []int {
	var out []int
	for ci, col := range state.CatalogColumns {
		if col.Group == "" || c.Shown[col.Group] || c.columnHasProblem(ci) {
			out = append(out, ci)
		}
	}
	return out
}

func (c *CatalogPanel) columnHasProblem(ci int) bool {
	for row := range c.P.Models {
		if c.problem(row, ci) != "" {
			return true
		}
	}
	return false
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

func (c *CatalogPanel) problem(row, ci int) string {
	return c.P.ProblemAt(state.CellPath(row, state.CatalogColumns[ci].Key))
}

func (c *CatalogPanel) cellClass(row, ci int) string {
	cls := "cell k-" + state.CatalogColumns[ci].Kind
	if c.problem(row, ci) != "" {
		cls += " invalid"
	}
	return cls
}

func (c *CatalogPanel) inputType(ci int) string {
	if state.CatalogColumns[ci].Kind == "number" {
		return "number"
	}
	return "text"
}

func (c *CatalogPanel) cellLabel(row, ci int) string {
	return state.CatalogColumns[ci].Label + " of " + c.P.Models[row].Name + " (row " + strconv.Itoa(row+1) + ")"
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
