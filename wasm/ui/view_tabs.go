package ui

import (
	"github.com/batchlab/batchlab/wasm/lesson"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// ViewPanelID is the HTML id of the tab panel that shows the view of the
// selected tab (the page's element with role tabpanel).
const ViewPanelID = "view-panel"

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

// tabIndex puts the selected tab alone in the Tab order; the arrow keys
// move between the tabs (the WAI-ARIA tabs pattern).
func (c *ViewTabs) tabIndex(key string) string {
	if c.Tab == key {
		return "0"
	}
	return "-1"
}

// OnKey moves to the previous or next tab (Left, Right, wrapping) or the
// first or last (Home, End), opens its view and gives it the focus.
func (c *ViewTabs) OnKey(event vugu.DOMEvent) {
	cur := 0
	for i, t := range c.Tabs {
		if t.Key == c.Tab {
			cur = i
		}
	}
	next, n := cur, len(c.Tabs)
	switch event.PropString("key") {
	case "ArrowLeft":
		next = (cur + n - 1) % n
	case "ArrowRight":
		next = (cur + 1) % n
	case "Home":
		next = 0
	case "End":
		next = n - 1
	default:
		return
	}
	event.PreventDefault()
	key := c.Tabs[next].Key
	c.OnOpen(key)
	// The tabs stay in the page whatever the view: the element is there
	// to focus now, before the render.
	js.Global().Get("document").Call("getElementById", TabID(key)).Call("focus")
}

// TabID is the HTML id of the tab of view key: tab-playground, tab-compare…
func TabID(key string) string {
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
