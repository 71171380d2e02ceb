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
	bw.WriteString("TIMESTAMP,ContextTokens,GeneratedTokens\n")
	start := daysFromCivil(2024, 5, 10) * 86400 * 1e9
	var line []byte
	err := syntheticRows(rows, seed, func(ns int64, in, out int, _ *rand.Rand) error {
		line = appendWallClock(line[:0], start+ns)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(in), 10)
		line = append(line, ',')
		line = strconv.AppendInt(line, int64(out), 10)
		line = append(line, '\n')
		_, err := bw.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// WriteSyntheticMooncake writes the requests WriteSyntheticAzure writes
// (the same arrivals and lengths for the same seed) in the Mooncake
// trace format: JSON Lines {timestamp (ms since the first request),
// input_length, output_length, hash_ids}. Half the requests begin with
// one of 16 shared prefixes (a system prompt of up to 8 blocks of 512
// tokens); every other block is new.
func WriteSyntheticMooncake(w io.Writer, rows int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<16)
	var line []byte
	next := int64(1 << 10) // ids below are the shared prefixes' blocks
	first := int64(-1)
	err := syntheticRows(rows, seed, func(ns int64, in, out int, rng *rand.Rand) error {
		if first < 0 {
			first = ns
		}
		line = append(line[:0], `{"timestamp": `...)
		line = strconv.AppendInt(line, (ns-first)/1e6, 10)
		line = append(line, `, "input_length": `...)
		line = strconv.AppendInt(line, int64(in), 10)
		line = append(line, `, "output_length": `...)
		line = strconv.AppendInt(line, int64(out), 10)
		line = append(line, `, "hash_ids": [`...)
		blocks := (in + mooncakeBlockTokens - 1) / mooncakeBlockTokens
		shared, prefix := 0, int64(rng.IntN(16))
		if rng.IntN(2) == 0 {
			shared = min(blocks, 1+int(prefix%8))
		}
		for j := range blocks {
			if j > 0 {
				line = append(line, ", "...)
			}
			id := prefix*64 + int64(j)
			if j >= shared {
				id, next = next, next+1
			}
			line = strconv.AppendInt(line, id, 10)
		}
		line = append(line, "]}\n"...)
		_, err := bw.Write(line)
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// syntheticRows makes the requests of a synthetic trace from seed: each
// one's arrival in nanoseconds since the first, its input and output
// tokens, passed to row with a generator row may draw from. Arrivals
// start one gap after 0.
func syntheticRows(rows int, seed uint64, row func(ns int64, in, out int, rng *rand.Rand) error) error {
	rng := rand.New(rand.NewPCG(seed, 0x5a7e))
	shape := rand.New(rand.NewPCG(seed, 0x5a7f)) // row's, so that every format draws the same requests
	const meanGapNs = 22_400_000
	var ns int64
	for range rows {
		ns += int64(rng.ExpFloat64() * meanGapNs)
		in := min(30_000, max(1, int(math.Exp(6.9+rng.NormFloat64()))))
		out := min(4_000, max(0, int(math.Exp(5.3+0.9*rng.NormFloat64()))))
		if err := row(ns, in, out, shape); err != nil {
			return err
		}
	}
	return nil
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
