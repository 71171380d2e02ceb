package ui

import (
	"strings"

	"github.com/vugu/vugu/js"
)

// YieldToBrowser blocks until the browser has run a task: a message
// posted to itself, which, unlike a timer, comes without delay. Go hands
// the browser control only when every goroutine is blocked; the
// goroutine resumes in the message's task. Call it from a goroutine of
// its own, never under the event lock.
func YieldToBrowser() {
	done := make(chan struct{})
	ch := js.Global().Get("MessageChannel").New()
	var onMessage js.Func
	onMessage = js.FuncOf(func(js.Value, []js.Value) interface{} {
		onMessage.Release()
		close(done)
		return nil
	})
	ch.Get("port1").Call("addEventListener", "message", onMessage)
	ch.Get("port1").Call("start")
	ch.Get("port2").Call("postMessage", nil)
	<-done
}

// copySlice is how many UTF-16 code units of a JavaScript string
// GoString copies in one browser task: the copy encodes them to UTF-8
// (TextEncoder), about 25 ms a million units of prompts in Chromium on
// the test machine.
const copySlice = 1 << 18

// GoString copies the JavaScript strings parts into one Go string, their
// concatenation, copySlice code units per browser task (YieldToBrowser
// between two), never cutting a surrogate pair. Call it as
// YieldToBrowser.
func GoString(parts ...js.Value) string {
	var pieces []string
	for i, s := range parts {
		s = stringObject(s)
		n := s.Get("length").Int()
		for at := 0; at < n; {
			end := min(at+copySlice, n)
			if end < n && isHighSurrogate(s.Call("charCodeAt", end-1).Int()) {
				end-- // the pair in the next slice
			}
			pieces = append(pieces, s.Call("substring", at, end).String())
			if at = end; at < n || i < len(parts)-1 {
				YieldToBrowser()
			}
		}
	}
	return strings.Join(pieces, "")
}

// stringObject is the JavaScript string s as an object (a String), whose
// length and methods syscall/js reads: it reads none of a string's.
func stringObject(s js.Value) js.Value { return js.Global().Get("Object").Invoke(s) }

// isHighSurrogate reports whether the UTF-16 code unit u starts a
// surrogate pair.
func isHighSurrogate(u int) bool { return 0xD800 <= u && u < 0xDC00 }
