package ui

import (
	"strconv"

	"github.com/batchlab/batchlab/wasm/state"
)

// CatalogTable is the CatalogPanel's table: a row per model, an input per
// cell, with the problem of each cell under it.
type CatalogTable struct {
	P *state.Playground
	// Shown are the groups of detail columns (state.CatalogGroups, by key)
	// shown besides the main columns: the CatalogPanel's.
	Shown map[string]bool
}

// columns are the indexes in state.CatalogColumns of the columns shown:
// the main ones, those of the groups shown, and any with a problem.
func (c *CatalogTable) columns() []int {
	var out []int
	for ci, col := range state.CatalogColumns {
		if col.Group == "" || c.Shown[col.Group] || c.columnHasProblem(ci) {
			out = append(out, ci)
		}
	}
	return out
}

func (c *CatalogTable) columnHasProblem(ci int) bool {
	for row := range c.P.Models {
		if c.problem(row, ci) != "" {
			return true
		}
	}
	return false
}

func (c *CatalogTable) problem(row, ci int) string {
	return c.P.ProblemAt(state.CellPath(row, state.CatalogColumns[ci].Key))
}

func (c *CatalogTable) cellClass(row, ci int) string {
	cls := "cell k-" + state.CatalogColumns[ci].Kind
	if c.problem(row, ci) != "" {
		cls += " invalid"
	}
	return cls
}

func (c *CatalogTable) inputType(ci int) string {
	if state.CatalogColumns[ci].Kind == "number" {
		return "number"
	}
	return "text"
}

func (c *CatalogTable) cellLabel(row, ci int) string {
	return state.CatalogColumns[ci].Label + " of " + c.P.Models[row].Name + " (row " + strconv.Itoa(row+1) + ")"
}
