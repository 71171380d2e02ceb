package ui

import (
	"slices"
	"sync"
	"unsafe"

	"github.com/vugu/vugu/js"
)

// YieldToBrowser blocks until the browser has run a task: a message
// posted to itself, which, unlike a timer, comes without delay. Go hands
// the browser control only when every goroutine is blocked; the
// goroutine resumes in the message's task. Call it from a goroutine of
// its own, never under the event lock.
func YieldToBrowser() {
	done := make(chan struct{})
	yields.post(done)
	<-done
}

// yields is the one MessageChannel YieldToBrowser posts to: a channel
// (and a function) made for each yield were garbage left to V8 at every
// slice of a long job.
var yields yieldChannel

// A yieldChannel resumes the goroutines waiting on its messages, in the
// order they posted them (a port delivers its messages in order).
type yieldChannel struct {
	mu      sync.Mutex
	port    js.Value // port2 of the MessageChannel, once made
	waiting []chan struct{}
}

// post sends a message to the channel, whose arrival closes done.
func (y *yieldChannel) post(done chan struct{}) {
	y.mu.Lock()
	if y.port.IsUndefined() {
		ch := js.Global().Get("MessageChannel").New()
		ch.Get("port1").Call("addEventListener", "message", js.FuncOf(func(js.Value, []js.Value) interface{} {
			y.mu.Lock()
			next := y.waiting[0]
			y.waiting = y.waiting[1:]
			y.mu.Unlock()
			close(next)
			return nil
		}))
		ch.Get("port1").Call("start")
		y.port = ch.Get("port2")
	}
	y.waiting = append(y.waiting, done)
	port := y.port
	y.mu.Unlock()
	port.Call("postMessage", nil)
}

// copySlice is how many UTF-16 code units of a JavaScript string
// GoString copies in one browser task: the copy encodes them to UTF-8
// (TextEncoder), about 25 ms a million units of prompts in Chromium on
// the test machine, more when it is busy.
const copySlice = 1 << 16

// GoString copies the JavaScript strings parts into one Go string, their
// concatenation, copySlice code units per browser task (YieldToBrowser
// between two), never cutting a surrogate pair. Each slice is encoded
// into one buffer in JavaScript (TextEncoder.encodeInto: a new array for
// each slice of a 5 MB paste was 5 MB of garbage, which made V8 collect
// its heap whole in the middle of the copy), then copied into the
// string's own bytes, which are made a string without a last copy of the
// whole (a 5 MB paste: 10–50 ms in one task). Call it as YieldToBrowser.
func GoString(parts ...js.Value) string {
	enc := js.Global().Get("TextEncoder").New()
	strs, lens, units := make([]js.Value, len(parts)), make([]int, len(parts)), 0
	for i, s := range parts {
		strs[i] = stringObject(s)
		lens[i] = strs[i].Get("length").Int()
		units += lens[i]
	}
	buf := make([]byte, 0, units+units/4) // a little more for the characters over a byte
	// A code unit is at most 3 bytes of UTF-8 (a pair, two units, 4).
	utf8 := js.Global().Get("Uint8Array").New(3 * min(copySlice, units))
	for i, s := range strs {
		n := lens[i]
		for at := 0; at < n; {
			end := min(at+copySlice, n)
			if end < n && isHighSurrogate(s.Call("charCodeAt", end-1).Int()) {
				end-- // the pair in the next slice
			}
			size := enc.Call("encodeInto", s.Call("substring", at, end), utf8).Get("written").Int()
			buf = slices.Grow(buf, size)
			js.CopyBytesToGo(buf[len(buf):len(buf)+size], utf8) // its first size bytes
			buf = buf[:len(buf)+size]
			if at = end; at < n || i < len(parts)-1 {
				YieldToBrowser()
			}
		}
	}
	if len(buf) == 0 {
		return ""
	}
	return unsafe.String(&buf[0], len(buf)) // buf is never written again
}

// stringObject is the JavaScript string s as an object (a String), whose
// length and methods syscall/js reads: it reads none of a string's.
func stringObject(s js.Value) js.Value { return js.Global().Get("Object").Invoke(s) }

// isHighSurrogate reports whether the UTF-16 code unit u starts a
// surrogate pair.
func isHighSurrogate(u int) bool { return 0xD800 <= u && u < 0xDC00 }

// byteSlice is how many bytes GoBytesInTasks copies in one browser task.
const byteSlice = 1 << 20

// GoBytesInTasks copies the JavaScript Uint8Array arr into a new slice,
// byteSlice bytes per browser task (YieldToBrowser between two). Call it
// as YieldToBrowser.
func GoBytesInTasks(arr js.Value) []byte {
	n := arr.Get("length").Int()
	data := make([]byte, n)
	for at := 0; at < n; at += byteSlice {
		if at > 0 {
			YieldToBrowser()
		}
		end := min(at+byteSlice, n)
		js.CopyBytesToGo(data[at:end], arr.Call("subarray", at, end))
	}
	return data
}
