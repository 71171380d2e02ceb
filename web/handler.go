package web

import (
	"bytes"
	"compress/gzip"
	"encoding/binary"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"sync"
	"time"
)

// NewHandler serves the files of app: "/" is index.html, .wasm files are
// application/wasm, and text and WASM files go out gzip-compressed to
// clients that accept it (as the build precompressed them when app holds
// name.gz, see precompressed).
func NewHandler(app fs.FS) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("/", &fileServer{files: app, gz: map[string]gzipped{}})
	return mux
}

// fileServer is http.FileServer with the content types and compression the
// app needs, and no directory listings.
type fileServer struct {
	files fs.FS
	mu    sync.Mutex
	gz    map[string]gzipped
}

// gzipped is a compressed copy of a file, valid while the file's size and
// modification time stay the same.
type gzipped struct {
	size    int64
	modTime time.Time
	data    []byte
}

func (s *fileServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.TrimPrefix(path.Clean("/"+r.URL.Path), "/")
	if name == "" {
		name = "index.html"
	}
	f, err := s.files.Open(name)
	if err != nil {
		http.NotFound(w, r)
		return
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil || info.IsDir() {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("Content-Type", ContentType(name))
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Vary", "Accept-Encoding")
	if strings.HasSuffix(name, ".html") {
		// The page runs only its own scripts, never inline ones nor eval: a
		// prompt that smuggled markup in could not run code even if it were
		// rendered as HTML. (Vugu's renderer helper, which Vugu installs
		// with eval, comes as the file vugu.js: see package vugujs.)
		h.Set("Content-Security-Policy", PlaygroundPolicy)
	}
	if compressible(name) && acceptsGzip(r) {
		data, err := s.compressed(name, f, info)
		if err == nil {
			h.Set("Content-Encoding", "gzip")
			http.ServeContent(w, r, name, info.ModTime(), bytes.NewReader(data))
			return
		}
	}
	rs, ok := f.(io.ReadSeeker)
	if !ok {
		data, err := io.ReadAll(f)
		if err != nil {
			http.Error(w, "read error", http.StatusInternalServerError)
			return
		}
		rs = bytes.NewReader(data)
	}
	http.ServeContent(w, r, name, info.ModTime(), rs)
}

// compressed returns the gzip of file name: from the cache when current,
// else the build's precompressed copy (name+".gz") when it is the file's,
// else compressed now (main.wasm at the best level takes a second or more).
func (s *fileServer) compressed(name string, f fs.File, info fs.FileInfo) ([]byte, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c, ok := s.gz[name]; ok && c.size == info.Size() && c.modTime.Equal(info.ModTime()) {
		return c.data, nil
	}
	if data := precompressed(s.files, name, info); data != nil {
		s.gz[name] = gzipped{size: info.Size(), modTime: info.ModTime(), data: data}
		return data, nil
	}
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	if err != nil {
		return nil, err
	}
	if _, err := io.Copy(zw, f); err != nil {
		return nil, err
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	s.gz[name] = gzipped{size: info.Size(), modTime: info.ModTime(), data: buf.Bytes()}
	return buf.Bytes(), nil
}

// precompressed returns the contents of name+".gz" in files when it is
// the gzip of the file described by info: not older than the file, and
// holding as many bytes as it (gzip's trailer records the length modulo
// 2³²). A copy left from an earlier build fails one of the two and is
// ignored.
func precompressed(files fs.FS, name string, info fs.FileInfo) []byte {
	gz, err := fs.Stat(files, name+".gz")
	if err != nil || gz.ModTime().Before(info.ModTime()) {
		return nil
	}
	data, err := fs.ReadFile(files, name+".gz")
	if err != nil || len(data) < 18 || data[0] != 0x1f || data[1] != 0x8b ||
		binary.LittleEndian.Uint32(data[len(data)-4:]) != uint32(info.Size()) {
		return nil
	}
	return data
}

// ContentType returns the media type the server sends for a file name.
func ContentType(name string) string {
	switch path.Ext(name) {
	case ".wasm":
		return "application/wasm"
	case ".js", ".mjs":
		return "text/javascript; charset=utf-8"
	case ".html":
		return "text/html; charset=utf-8"
	case ".css":
		return "text/css; charset=utf-8"
	case ".json":
		return "application/json"
	case ".tiktoken":
		return "text/plain; charset=utf-8"
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" {
		return t
	}
	return "application/octet-stream"
}

func compressible(name string) bool {
	switch path.Ext(name) {
	case ".wasm", ".js", ".html", ".css", ".json", ".svg", ".tiktoken":
		return true
	}
	return false
}

func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		enc, q, _ := strings.Cut(strings.TrimSpace(part), ";")
		if strings.TrimSpace(enc) == "gzip" && strings.TrimSpace(q) != "q=0" {
			return true
		}
	}
	return false
}
