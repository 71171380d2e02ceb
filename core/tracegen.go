package core

import (
	"bufio"
	"io"
	"math"
	"math/rand/v2"
	"strconv"
)

// WriteSyntheticAzure writes a synthetic trace of rows requests in the
// Azure LLM inference trace format (TIMESTAMP,ContextTokens,
// GeneratedTokens), made from seed alone: arrivals from 2024-05-10 00:00
// at about 45 a second with exponential gaps (so 27 M rows span a week,
// as the Azure 2024 week-long traces do), log-normal input and output
// lengths. It exists to try and measure streamed runs on traces of any
// size without downloading one.
func WriteSyntheticAzure(w io.Writer, rows int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	rng := rand.New(rand.NewPCG(seed, 0x5a7e))
	bw.WriteString("TIMESTAMP,ContextTokens,GeneratedTokens\n")
	ns := daysFromCivil(2024, 5, 10) * 86400 * 1e9
	const meanGapNs = 22_400_000
	var line []byte
	for range rows {
		ns += int64(rng.ExpFloat64() * meanGapNs)
		in := min(30_000, max(1, int(math.Exp(6.9+rng.NormFloat64()))))
		out := min(4_000, max(0, int(math.Exp(5.3+0.9*rng.NormFloat64()))))
		line = appendWallClock(line[:0], ns)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(in), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(out), 10)
		line = append(line, '\n')
		if _, err := bw.Write(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// appendWallClock appends ns (since 1970, UTC) as the Azure traces write
// times: "2024-05-10 00:00:01.1234567".
func appendWallClock(b []byte, ns int64) []byte {
	sec := ns / 1e9
	y, m, d := civilFromDays(sec / 86400)
	rem := sec % 86400
	b = appendDigits(b, y, 4)
	b = append(b, '-')
	b = appendDigits(b, m, 2)
	b = append(b, '-')
	b = appendDigits(b, d, 2)
	b = append(b, ' ')
	b = appendDigits(b, rem/3600, 2)
	b = append(b, ':')
	b = appendDigits(b, rem/60%60, 2)
	b = append(b, ':')
	b = appendDigits(b, rem%60, 2)
	b = append(b, '.')
	return appendDigits(b, ns%1e9/100, 7)
}

// appendDigits appends non-negative v with at least width digits.
func appendDigits(b []byte, v int64, width int) []byte {
	for p := int64(10); width > 1; width-- {
		if v < p {
			b = append(b, '0')
		}
		p *= 10
	}
	return strconv.AppendInt(b, v, 10)
}

// civilFromDays is daysFromCivil's inverse: the date of day z since
// 1970-01-01 (Howard Hinnant's algorithm).
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	m = mp + 3
	if m > 12 {
		m -= 12
	}
	y = yoe + era*400
	if m <= 2 {
		y++
	}
	return y, m, d
}
