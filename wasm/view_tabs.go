package main

// ViewTabs switches between the playground and the teaching views.
type ViewTabs struct {
	Root *Root
}

func (c *ViewTabs) class(key string) string {
	if c.Root.V.Tab == key {
		return "tab selected"
	}
	return "tab"
}

// tabID is the HTML id of the tab of view key: tab-playground, tab-compare…
func tabID(key string) string {
	if key == "" {
		return "tab-playground"
	}
	return "tab-" + key
}

// boolText is "true" or "false", for attributes that must say either
// (vugu drops an attribute whose value is false).
func boolText(b bool) string {
	if b {
		return "true"
	}
	return "false"
}
