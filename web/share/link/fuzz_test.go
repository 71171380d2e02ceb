package link

import (
	"encoding/json"
	"testing"
)

// FuzzDecode: no input makes Decode panic, and whatever it accepts encodes
// back to a link that decodes to the same scenario.
func FuzzDecode(f *testing.F) {
	good, err := Encode(sample(f))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(good)
	f.Add("#" + good)
	f.Add(good[:len(good)-3])
	f.Add("v2." + good[3:])
	f.Add("v1.")
	f.Add("")
	f.Fuzz(func(t *testing.T, link string) {
		sc, err := Decode(link)
		if err != nil {
			return
		}
		again, err := Encode(sc)
		if err != nil {
			t.Fatalf("decoded scenario does not encode: %v", err)
		}
		sc2, err := Decode(again)
		if err != nil {
			t.Fatalf("re-encoded link does not decode: %v", err)
		}
		a, _ := json.Marshal(sc)
		b, _ := json.Marshal(sc2)
		if string(a) != string(b) {
			t.Fatalf("round trip changed the scenario:\n%s\n%s", a, b)
		}
	})
}
