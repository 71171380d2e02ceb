package compare

import (
	"strings"

	"github.com/batchlab/batchlab/core"
)

// A Field is one of B's settings the view offers, described by core's
// settings table. Setting B's field applies it so that it takes effect
// (B's concurrency switches B to global slots): the view has no control
// for what it would otherwise depend on.
type Field struct {
	core.Setting
}

// ID is the HTML id of B's input: "cmp-b-" and the setting's last path
// element, dashed ("cmp-b-max-batch-size").
func (f *Field) ID() string {
	name := f.Path[strings.LastIndexByte(f.Path, '.')+1:]
	return "cmp-b-" + strings.ReplaceAll(name, "_", "-")
}

func field(path string) *Field {
	st, _ := core.LookupSetting(path)
	return &Field{st}
}

// Fields are B's number fields, in the order the view shows them;
// ModeField and TuningField are B's close mode and tuning.
var (
	Fields = []*Field{
		field("policy.wait_ms"), field("policy.max_batch_size"), field("policy.max_batch_tokens"), field("dispatch.concurrency"),
	}
	ModeField   = field("mode")
	TuningField = field("policy.model_tuning")
)

// Value returns the text of field f of B.
func (s *Session) Value(f *Field) string { return f.Text(&s.B) }

// ValueA returns field f of A, for the hint next to B's input.
func (s *Session) ValueA(f *Field) string { return f.Text(&s.A) }

// On reports B's checkbox f.
func (s *Session) On(f *Field) bool { return f.Text(&s.B) == "true" }

// Idle says why f has no effect on B, or "".
func (s *Session) Idle(f *Field) string { return f.Idle(&s.B) }

// SetField takes the text typed or chosen for B's field f, makes it take
// effect and runs the comparison; text the setting cannot hold sets Err
// and runs nothing.
func (s *Session) SetField(f *Field, text string) {
	b := s.B
	if err := f.SetText(&b, text); err != nil {
		msg := err.Error()
		if fes := core.FieldErrors(err); len(fes) > 0 {
			msg = fes[0].Err.Error() // without its path: the view names the field
		}
		s.Err = "B: " + f.Label + ": " + msg
		return
	}
	if f.Kind.Numeric() {
		f.Apply(&b, f.Float(&b))
	}
	s.B = b
	s.Run()
}
