package main

import (
	"bytes"
	"compress/gzip"
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
	fetchText(c.ee, "GET", "/healthz", nil, func(status int, body string, err error) {
		var health struct{ Status string }
		c.ShortLinks = err == nil && status == 200 && json.Unmarshal([]byte(body), &health) == nil && health.Status == "ok"
		js.Global().Set("batchlabAPI", c.ShortLinks)
	})
}

// OnShortLink stores the scenario on the server (POST /api/share) and
// shows the short link it answers with. Before the first link that would
// upload prompt text, it asks first (ConfirmShare): with the texts, or
// token counts only.
func (c *Root) OnShortLink() {
	if !c.textsShared && c.P.HasPromptText() {
		c.ConfirmShare = true
		c.ShareLink, c.ShareNote = "", ""
		return
	}
	c.shortLink(c.P.ShareFragment, "")
}

// ShareWithTexts answers the question of OnShortLink: upload the texts
// (and do not ask again).
func (c *Root) ShareWithTexts() {
	c.ConfirmShare, c.textsShared = false, true
	c.shortLink(c.P.ShareFragment, "")
}

// ShareTokenCounts answers the question of OnShortLink: upload the
// prompts with their texts replaced by token counts.
func (c *Root) ShareTokenCounts() {
	c.ConfirmShare = false
	c.shortLink(c.P.ShareFragmentTokensOnly, " (token counts only: no prompt text was uploaded)")
}

// CancelShare answers the question of OnShortLink: share nothing.
func (c *Root) CancelShare() { c.ConfirmShare = false }

// shortLink uploads the scenario of fragment and shows the link, with note
// after its description.
func (c *Root) shortLink(fragment func() (string, error), note string) {
	frag, err := fragment()
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
	c.shortRuns = c.P.Runs // the scenario of this run
	fetchText(c.ee, "POST", "/api/share", body, func(status int, text string, err error) {
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
			short := out.URL
			if strings.HasPrefix(short, "/") {
				// A server without a base URL answers a path: on this page's origin.
				short = js.Global().Get("location").Get("origin").String() + short
			}
			c.ShareLink, c.shareIsFragment = short, false
			c.ShareNote = "Short link to this scenario" + note + ", kept by this server."
			c.copyShareLink()
		}
	})
}

// fetchText sends a request to the page's own server with the browser's
// fetch and calls done with the status and body text (or an error), under
// the event environment's lock, then renders. A JSON body goes out
// gzip-encoded: a 100,000-row trace is about 6 MB of JSON, over the API's
// 4 MiB as sent, and well under 1 MB gzipped.
func fetchText(ee vugu.EventEnv, method, path string, body []byte, done func(status int, text string, err error)) {
	opts := js.Global().Get("Object").New()
	opts.Set("method", method)
	opts.Set("credentials", "same-origin")
	opts.Set("cache", "no-store")
	if body != nil {
		var zipped bytes.Buffer
		zw := gzip.NewWriter(&zipped)
		zw.Write(body) // writes to memory do not fail
		zw.Close()
		arr := ui.JSBytes(zipped.Bytes())
		headers := js.Global().Get("Object").New()
		headers.Set("Content-Type", "application/json")
		headers.Set("Content-Encoding", "gzip")
		// Value.Set of vugu's js does not unwrap its own values; Call does.
		set := js.Global().Get("Reflect")
		set.Call("set", opts, "headers", headers)
		set.Call("set", opts, "body", arr)
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
