package ui

import "github.com/batchlab/batchlab/wasm/lesson"

// ViewTabs switches between the playground and the teaching views.
type ViewTabs struct {
	// Tabs are the views in the order the switcher shows them; Tab is the
	// key of the view shown.
	Tabs []Tab
	Tab  string
	// Lesson is the lesson being taken, nil for none.
	Lesson *lesson.Progress
	// OnOpen asks for the view called key.
	OnOpen func(key string)
}

// A Tab is one entry of the view switcher: Key names the view ("" for
// the playground).
type Tab struct{ Key, Label string }

func (c *ViewTabs) class(key string) string {
	if c.Tab == key {
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
