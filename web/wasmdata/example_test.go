package wasmdata_test

import (
	"fmt"

	"github.com/batchlab/batchlab/web/wasmdata"
)

func ExampleMergeSegments() {
	// A module whose data section has three segments, at memory offsets
	// 16 ("go"), 20 ("wasm") and 4096 ("!").
	module := []byte("\x00asm\x01\x00\x00\x00" +
		"\x0b\x18\x03" +
		"\x00\x41\x10\x0b\x02go" +
		"\x00\x41\x14\x0b\x04wasm" +
		"\x00\x41\x80\x20\x0b\x01!")
	merged, st, err := wasmdata.MergeSegments(module, 64)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d segments → %d; %d → %d bytes\n", st.Segments, st.Merged, len(module), len(merged))
	fmt.Printf("%q\n", merged[8:])
	// Output:
	// 3 segments → 2; 34 → 31 bytes
	// "\v\x15\x02\x00A\x10\v\bgo\x00\x00wasm\x00A\x80 \v\x01!"
}
