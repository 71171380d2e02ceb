package ui

// why says why the batch closed (core's explanation).
func (c *BatchRequests) why() string { return c.P.Result.Explain(c.B).Text }
