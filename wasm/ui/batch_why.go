package ui

// why says why the selected batch closed (core's explanation), "" when
// none is selected.
func (c *BatchDetail) why() string {
	b := c.batch()
	if b == nil {
		return ""
	}
	return c.P.Result.Explain(b).Text
}
