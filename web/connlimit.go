package web

import (
	"net"
	"net/http"
	"sync"
	"time"
)

// DefaultMaxConnections is how many connections `batchlab serve` holds open
// at most: well under the usual file descriptor limits, with room for the
// share files.
const DefaultMaxConnections = 4096

// A ConnLimiter bounds the connections an http.Server holds open, so that
// clients holding many keep-alive connections cannot exhaust the process's
// file descriptors, and keeps room for new clients (a /healthz probe):
//
//   - Its Listener accepts at most Max connections at a time (like
//     golang.org/x/net/netutil's LimitListener); the next one waits in the
//     kernel's backlog.
//   - Under pressure (three quarters of Max open), the idle timeout drops to
//     nothing: a connection is closed as soon as it goes idle between
//     requests.
//   - When all Max are open, it closes the connection that has been idle for
//     the longest, or else the oldest one opened at least UnusedGrace ago
//     that has not sent a request yet, to admit the new one. Connections
//     with a request in progress are never closed.
//
// Install both halves: the server's listener through Listener and its
// ConnState hook (see Install). It works on plain TCP listeners (the
// server's connections must be the ones Listener returns).
type ConnLimiter struct {
	max   int
	slots chan struct{}
	mu    sync.Mutex
	conns map[*limitedConn]connState
}

// connState is what the limiter knows of a connection: its http.ConnState
// and since when.
type connState struct {
	state http.ConnState
	since time.Time
}

// NewConnLimiter returns a limiter of n connections (at least 1).
func NewConnLimiter(n int) *ConnLimiter {
	n = max(1, n)
	return &ConnLimiter{max: n, slots: make(chan struct{}, n), conns: map[*limitedConn]connState{}}
}

// Install makes srv serve through the limiter: it returns ln limited, and
// chains the limiter's hook before srv.ConnState.
func (l *ConnLimiter) Install(srv *http.Server, ln net.Listener) net.Listener {
	next := srv.ConnState
	srv.ConnState = func(c net.Conn, s http.ConnState) {
		l.ConnState(c, s)
		if next != nil {
			next(c, s)
		}
	}
	return l.Listener(ln)
}

// Open returns how many connections are open.
func (l *ConnLimiter) Open() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.conns)
}

// Listener returns ln accepting at most the limiter's Max connections at a
// time.
func (l *ConnLimiter) Listener(ln net.Listener) net.Listener {
	return &limitListener{Listener: ln, l: l, done: make(chan struct{})}
}

// ConnState is the http.Server hook that tells the limiter which
// connections are idle, and closes idle ones under pressure.
func (l *ConnLimiter) ConnState(c net.Conn, s http.ConnState) {
	lc, ok := c.(*limitedConn)
	if !ok {
		return
	}
	l.mu.Lock()
	_, open := l.conns[lc]
	if open {
		l.conns[lc] = connState{state: s, since: time.Now()}
	}
	pressed := len(l.conns) >= l.max-l.max/4
	l.mu.Unlock()
	if open && s == http.StateIdle && pressed {
		lc.Close()
	}
}

// UnusedGrace is how long a new connection may stay without sending a
// request before a full ConnLimiter may close it for a newer one.
const UnusedGrace = time.Second

// evict closes the connection idle for the longest, else the oldest unused
// one past UnusedGrace, if any.
func (l *ConnLimiter) evict() {
	l.mu.Lock()
	var idle, unused *limitedConn
	var idleSince, unusedSince time.Time
	graceEnd := time.Now().Add(-UnusedGrace)
	for c, cs := range l.conns {
		switch {
		case cs.state == http.StateIdle && (idle == nil || cs.since.Before(idleSince)):
			idle, idleSince = c, cs.since
		case cs.state == http.StateNew && cs.since.Before(graceEnd) && (unused == nil || cs.since.Before(unusedSince)):
			unused, unusedSince = c, cs.since
		}
	}
	l.mu.Unlock()
	switch {
	case idle != nil:
		idle.Close()
	case unused != nil:
		unused.Close()
	}
}

// limitListener is a Listener under a ConnLimiter.
type limitListener struct {
	net.Listener
	l         *ConnLimiter
	done      chan struct{}
	closeOnce sync.Once
}

// Accept waits for a free slot (making one when all are taken, see
// ConnLimiter), then accepts a connection.
func (ln *limitListener) Accept() (net.Conn, error) {
	if err := ln.waitSlot(); err != nil {
		return nil, err
	}
	c, err := ln.Listener.Accept()
	if err != nil {
		<-ln.l.slots
		return nil, err
	}
	lc := &limitedConn{Conn: c, l: ln.l}
	ln.l.mu.Lock()
	ln.l.conns[lc] = connState{state: http.StateNew, since: time.Now()}
	ln.l.mu.Unlock()
	return lc, nil
}

// waitSlot takes a slot, evicting (see ConnLimiter) while none is free.
func (ln *limitListener) waitSlot() error {
	for {
		select {
		case ln.l.slots <- struct{}{}:
			return nil
		default:
		}
		ln.l.evict()
		select {
		case ln.l.slots <- struct{}{}:
			return nil
		case <-ln.done:
			return net.ErrClosed
		case <-time.After(UnusedGrace / 4):
		}
	}
}

// Close closes the listener and ends a wait for a slot.
func (ln *limitListener) Close() error {
	ln.closeOnce.Do(func() { close(ln.done) })
	return ln.Listener.Close()
}

// limitedConn is a connection that gives its slot back when closed.
type limitedConn struct {
	net.Conn
	l    *ConnLimiter
	once sync.Once
}

func (c *limitedConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(func() {
		c.l.mu.Lock()
		delete(c.l.conns, c)
		c.l.mu.Unlock()
		<-c.l.slots
	})
	return err
}
