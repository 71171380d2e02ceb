package timeline

import (
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestAxisStep(t *testing.T) {
	tests := []struct {
		width    int64
		unit     string
		stepMs   float64
		wantTick []string
	}{
		{10, "s", 2, nil},
		{800, "s", 100, nil},
		{10_000, "s", 2000, []string{"0 s", "2 s", "4 s", "6 s", "8 s", "10 s"}},
		{480_000, "min", 60_000, []string{"0 min", "1 min", "2 min", "3 min", "4 min", "5 min", "6 min", "7 min", "8 min"}},
		{500_000, "min", 120_000, []string{"0 min", "2 min", "4 min", "6 min", "8 min"}},
		{8_000_000, "min", 1_200_000, nil},
		{30_000_000, "h", 7_200_000, nil},
		{86_400_000, "h", 18_000_000, nil},
	}
	for _, tt := range tests {
		t.Run(strconv.FormatInt(tt.width, 10), func(t *testing.T) {
			u, step := AxisStep(tt.width)
			assert.Equal(t, tt.unit, u.Name)
			assert.InDelta(t, tt.stepMs, step, 1e-9)
			if tt.wantTick != nil {
				var got []string
				for _, tk := range ticks(View{0, tt.width}) {
					got = append(got, tk.Label)
				}
				assert.Equal(t, tt.wantTick, got)
			}
		})
	}
}

// Every axis is marked at 1, 2 or 5 × 10^k of its unit, with one format:
// the same unit and decimals on every tick.
func TestTicksAreRoundWithOneFormat(t *testing.T) {
	views := []View{{0, 10}, {357_002, 357_950}, {0, 1_000_000}, {357_002, 29_763_409}, {3_599_000, 3_601_000},
		{12_345, 98_765}, {0, 100_000}, {1_000_000, 1_000_013}, {0, 7 * 86_400_000}}
	for _, v := range views {
		t.Run(v.Label(), func(t *testing.T) {
			ts := ticks(v)
			require.GreaterOrEqual(t, len(ts), 2)
			require.LessOrEqual(t, len(ts), TickTarget+1)
			unit, step := AxisStep(v.Width())
			m := step / float64(unit.Ms)
			for m >= 10 {
				m /= 10
			}
			for m < 1-1e-9 {
				m *= 10
			}
			assert.Contains(t, []string{"1", "2", "5"}, strconv.FormatFloat(m, 'f', 6, 64)[:1], "step %v ms", step)
			decimals := -1
			for _, tk := range ts {
				num, name, ok := strings.Cut(tk.Label, " ")
				require.True(t, ok, tk.Label)
				assert.Equal(t, unit.Name, name)
				d := 0
				if _, frac, ok := strings.Cut(num, "."); ok {
					d = len(frac)
				}
				if decimals >= 0 {
					assert.Equal(t, decimals, d, "one format: %q", tk.Label)
				}
				decimals = d
				assert.GreaterOrEqual(t, tk.Left, 0.0)
				assert.LessOrEqual(t, tk.Left, 100.0)
			}
		})
	}
}

func TestTickLabels(t *testing.T) {
	tests := []struct {
		view View
		want []string
	}{
		{View{357_002, 357_950}, []string{"357.2 s", "357.4 s", "357.6 s", "357.8 s"}},
		{View{1_000_000, 1_000_013}, []string{"1,000.000 s", "1,000.002 s", "1,000.004 s", "1,000.006 s", "1,000.008 s", "1,000.010 s", "1,000.012 s"}},
		{View{0, 1_000_000}, []string{"0 min", "5 min", "10 min", "15 min"}},
	}
	for _, tt := range tests {
		var got []string
		for _, tk := range ticks(tt.view) {
			got = append(got, tk.Label)
		}
		assert.Equal(t, tt.want, got, "%v", tt.view)
	}
}

func TestViewLabelOneClockFormat(t *testing.T) {
	tests := []struct {
		view View
		want string
	}{
		{View{357_002, 29_763_409}, "0:05:57.002 to 8:16:03.409 (8 h 10 min)"},
		{View{0, 10_000}, "00:00.000 to 00:10.000 (10 s)"},
		{View{3_600_000, 3_700_000}, "1:00:00.000 to 1:01:40.000 (1 min 40 s)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.view.Label())
	}
}
