package core

import "math"

// Times in traces, read by hand into integers: a float would round (a
// seconds value like 1700000000.123 has no exact binary form) and the time
// package would bring in the machine's zone. Both parsers return
// nanoseconds; callers floor to milliseconds after subtracting the earliest
// time, so an arrival is ⌊(t − t₀) / 1 ms⌋ exactly.

// A TimeUnit is the unit of a CSV time column.
type TimeUnit string

// The time units of a CSV column.
const (
	// TimeSeconds, TimeMillis, TimeMicros: a non-negative decimal number
	// ("12", "12.5") of seconds, milliseconds or microseconds; digits
	// below a nanosecond are dropped.
	TimeSeconds TimeUnit = "s"
	TimeMillis  TimeUnit = "ms"
	TimeMicros  TimeUnit = "us"
	// TimeWallClock: a date and time "YYYY-MM-DD HH:MM:SS[.fraction]" (a
	// "T" may replace the space; up to 9 fractional digits; an optional
	// zone "Z" or "±HH:MM"; without one, all rows are taken in one zone).
	// Years 1970 to 2200.
	TimeWallClock TimeUnit = "timestamp"
)

// nanos returns the number of nanoseconds in one unit, 0 for the wall clock.
func (u TimeUnit) nanos() int64 {
	switch u {
	case TimeSeconds:
		return 1e9
	case TimeMillis:
		return 1e6
	case TimeMicros:
		return 1e3
	}
	return 0
}

// parseTime reads s in unit u as nanoseconds.
func parseTime(s []byte, u TimeUnit) (int64, bool) {
	if u == TimeWallClock {
		return parseWallClock(s)
	}
	return parseDecimal(s, u.nanos())
}

// parseDecimal reads "digits[.digits]" as a number of units of scale
// nanoseconds (a power of ten), floored to whole nanoseconds.
func parseDecimal(s []byte, scale int64) (int64, bool) {
	i := 0
	var n int64
	for ; i < len(s) && isDigit(s[i]); i++ {
		if n > (math.MaxInt64-9)/10 {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	if i == 0 || n > math.MaxInt64/scale {
		return 0, false
	}
	n *= scale
	if i == len(s) {
		return n, true
	}
	if s[i] != '.' || i+1 == len(s) {
		return 0, false
	}
	var frac int64
	for place := scale / 10; i+1 < len(s); i++ {
		c := s[i+1]
		if !isDigit(c) {
			return 0, false
		}
		frac += int64(c-'0') * place
		place /= 10
	}
	if n > math.MaxInt64-frac {
		return 0, false
	}
	return n + frac, true
}

// parseWallClock reads "YYYY-MM-DD[ T]HH:MM:SS[.f…][Z|±HH:MM]" as
// nanoseconds since 1970-01-01 00:00 in the time's zone (UTC when given).
func parseWallClock(s []byte) (int64, bool) {
	if len(s) < 19 || s[4] != '-' || s[7] != '-' || (s[10] != ' ' && s[10] != 'T') || s[13] != ':' || s[16] != ':' {
		return 0, false
	}
	year, ok1 := digits(s[0:4])
	month, ok2 := digits(s[5:7])
	day, ok3 := digits(s[8:10])
	hour, ok4 := digits(s[11:13])
	minute, ok5 := digits(s[14:16])
	sec, ok6 := digits(s[17:19])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6) || year < 1970 || year > 2200 || month < 1 || month > 12 ||
		day < 1 || day > daysIn(year, month) || hour > 23 || minute > 59 || sec > 59 {
		return 0, false
	}
	ns := ((daysFromCivil(year, month, day)*24+hour)*60+minute)*60 + sec
	ns *= 1e9
	rest := s[19:]
	if len(rest) > 0 && rest[0] == '.' {
		j := 1
		for place := int64(1e8); j < len(rest) && isDigit(rest[j]); j++ {
			ns += int64(rest[j]-'0') * place
			place /= 10
		}
		if j == 1 || j > 10 {
			return 0, false
		}
		rest = rest[j:]
	}
	switch {
	case len(rest) == 0 || len(rest) == 1 && rest[0] == 'Z':
		return ns, true
	case len(rest) == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':':
		h, okh := digits(rest[1:3])
		m, okm := digits(rest[4:6])
		if !okh || !okm || h > 23 || m > 59 {
			return 0, false
		}
		off := (h*60 + m) * 60 * 1e9
		if rest[0] == '+' {
			off = -off
		}
		return ns + off, true
	}
	return 0, false
}

// digits reads a string of ASCII digits.
func digits(s []byte) (int64, bool) {
	var n int64
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return 0, false
		}
		n = n*10 + int64(s[i]-'0')
	}
	return n, true
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func daysIn(year, month int64) int64 {
	switch month {
	case 2:
		if year%4 == 0 && (year%100 != 0 || year%400 == 0) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// daysFromCivil counts days from 1970-01-01 to the given date of the
// proleptic Gregorian calendar (Howard Hinnant's algorithm), year ≥ 1.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	yoe := y - era*400
	mp := (m + 9) % 12 // March is 0
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}
