// Package kvstore keeps shared scenarios in a Cloudflare Workers KV
// namespace, for the Worker (web/worker). Its Store imports syscall/js, so
// it builds only for GOOS=js GOARCH=wasm; what it writes besides the
// scenario (the expiry: KV's expiration and the key's metadata) is plain Go,
// tested natively.
//
// A share is the key "share/" + id, whose value is the canonical scenario
// JSON. A share that expires is put with KV's expiration (seconds since the
// epoch), so that KV deletes it, and with the metadata {"expires_at": RFC
// 3339}, so that Get can tell when it expires (KV's get does not return the
// expiration).
package kvstore
