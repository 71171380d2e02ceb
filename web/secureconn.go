package web

import (
	"bytes"
	"net"
	"slices"
	"strings"
)

// serverErrorHeaders is how net/http's server writes the header of the
// answers it gives itself, before any handler runs — 400 for a malformed
// request, 431 for a header past MaxHeaderBytes, 501 for an unknown
// transfer coding — straight to the connection, after the status line and
// before the body. No handler, hence not Secure, can add headers to them.
const serverErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

// SecureErrors returns ln whose connections add the security headers (see
// Secure; APIPolicy, as the answers are plain text) to the answers net/http
// writes itself, which no handler sees. It recognises them by their exact
// form — one write of a status line followed by serverErrorHeaders, which no
// response of a handler has (those carry a Date header) — and leaves every
// other write as it is.
func SecureErrors(ln net.Listener) net.Listener {
	return secureErrorsListener{ln}
}

type secureErrorsListener struct{ net.Listener }

func (ln secureErrorsListener) Accept() (net.Conn, error) {
	c, err := ln.Listener.Accept()
	if err != nil {
		return nil, err
	}
	return secureErrorsConn{c}, nil
}

type secureErrorsConn struct{ net.Conn }

// securedErrorHeaders replaces serverErrorHeaders: the security headers in
// a fixed order, then the server's own.
var securedErrorHeaders = func() string {
	var b strings.Builder
	keys := make([]string, 0, len(SecurityHeaders))
	for k := range SecurityHeaders {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	b.WriteString("\r\nCache-Control: no-store\r\nContent-Security-Policy: " + APIPolicy)
	for _, k := range keys {
		b.WriteString("\r\n" + k + ": " + SecurityHeaders[k])
	}
	return b.String() + serverErrorHeaders
}()

func (c secureErrorsConn) Write(p []byte) (int, error) {
	if !bytes.HasPrefix(p, []byte("HTTP/1.1 ")) {
		return c.Conn.Write(p)
	}
	end := bytes.Index(p, []byte("\r\n"))
	if end < 0 || !bytes.HasPrefix(p[end:], []byte(serverErrorHeaders)) {
		return c.Conn.Write(p)
	}
	out := make([]byte, 0, len(p)+len(securedErrorHeaders))
	out = append(out, p[:end]...)
	out = append(out, securedErrorHeaders...)
	out = append(out, p[end+len(serverErrorHeaders):]...)
	if _, err := c.Conn.Write(out); err != nil {
		return 0, err
	}
	return len(p), nil
}
