package report

import (
	"bytes"
	"encoding/json"

	"github.com/batchlab/batchlab/core"
)

// JSON returns the result as `batchlab simulate --format json` writes it.
func JSON(res *core.Result) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(res); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// CSV returns the result as `batchlab simulate --format csv` writes it:
// one row per request with its batch and dispatch outcome, in arrival order.
func CSV(res *core.Result) ([]byte, error) {
	var buf bytes.Buffer
	err := res.WriteCSV(&buf)
	return buf.Bytes(), err
}
