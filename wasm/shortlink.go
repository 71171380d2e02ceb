package main

import (
	"encoding/json"
	"errors"
	"strings"

	"github.com/batchlab/batchlab/wasm/ui"
	"github.com/batchlab/batchlab/web/share/link"
	"github.com/vugu/vugu"
	"github.com/vugu/vugu/js"
)

// probeShortLinks asks the page's own server whether it serves batchlab's
// API (GET /healthz, see web.API) and sets c.ShortLinks from the answer: a
// static host has no API, and the page then offers fragment links only.
// The answer is also left in window.batchlabAPI for the browser tests.
func (c *Root) probeShortLinks() {
	fetchText(c.ee, "GET", "/healthz", "", func(status int, body string, err error) {
		var health struct{ Status string }
		c.ShortLinks = err == nil && status == 200 && json.Unmarshal([]byte(body), &health) == nil && health.Status == "ok"
		js.Global().Set("batchlabAPI", c.ShortLinks)
	})
}

// OnShortLink stores the scenario on the server (POST /api/share) and
// shows the short link it answers with.
func (c *Root) OnShortLink() {
	frag, err := c.P.ShareFragment()
	var sc any
	if err == nil {
		sc, err = link.Decode(frag)
	}
	var body []byte
	if err == nil {
		body, err = json.Marshal(sc)
	}
	if err != nil {
		c.ShareLink, c.ShareNote = "", err.Error()
		return
	}
	c.ShareLink, c.ShareNote = "", "Making a short link…"
	fetchText(c.ee, "POST", "/api/share", string(body), func(status int, text string, err error) {
		var out struct {
			URL   string `json:"url"`
			Error struct {
				Message string `json:"message"`
				Path    string `json:"path"`
			} `json:"error"`
		}
		if err == nil {
			err = json.Unmarshal([]byte(text), &out)
		}
		switch {
		case err != nil:
			c.ShareNote = "The server could not be reached for a short link (" + err.Error() + "); the Share link button works without it."
		case status != 200:
			msg := out.Error.Message
			if out.Error.Path != "" {
				msg = out.Error.Path + ": " + msg
			}
			c.ShareNote = "The server refused the short link: " + msg
		default:
			link := out.URL
			if strings.HasPrefix(link, "/") {
				// A server without a base URL answers a path: on this page's origin.
				link = js.Global().Get("location").Get("origin").String() + link
			}
			c.ShareLink = link
			c.ShareNote = "Short link to this scenario, kept by this server; copied to the clipboard if the browser allows."
			ui.CopyText(link)
		}
	})
}

// fetchText sends a request to the page's own server with the browser's
// fetch and calls done with the status and body text (or an error), under
// the event environment's lock, then renders.
func fetchText(ee vugu.EventEnv, method, path, body string, done func(status int, text string, err error)) {
	opts := map[string]interface{}{"method": method, "credentials": "same-origin", "cache": "no-store"}
	if body != "" {
		opts["headers"] = map[string]interface{}{"Content-Type": "application/json"}
		opts["body"] = body
	}
	var onResponse, onText, onFail js.Func
	release := func() {
		onResponse.Release()
		onText.Release()
		onFail.Release()
	}
	finish := func(status int, text string, err error) {
		release()
		ee.Lock()
		done(status, text, err)
		ee.UnlockRender()
	}
	status := 0
	onText = js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		finish(status, args[0].String(), nil)
		return nil
	})
	onFail = js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		msg := "network error"
		if len(args) > 0 {
			msg = args[0].Call("toString").String()
		}
		finish(0, "", errors.New(msg))
		return nil
	})
	onResponse = js.FuncOf(func(_ js.Value, args []js.Value) interface{} {
		status = args[0].Get("status").Int()
		args[0].Call("text").Call("then", onText, onFail)
		return nil
	})
	js.Global().Call("fetch", path, opts).Call("then", onResponse, onFail)
}
