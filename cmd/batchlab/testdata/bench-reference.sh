#!/usr/bin/env bash
# bench-reference.sh times batchlab (simulate --mode seed, every output
# format) and, when given, the reference prototype side by side on the
# same generated input: 100,000 prompts of 330–800 characters, 63 MB
# (TestWriteBenchPrompts), written to a temporary directory and removed.
#
#   REFERENCE='python3 /path/to/prototype.py --mode seed {}' RUNS=3 \
#       cmd/batchlab/testdata/bench-reference.sh
#
# REFERENCE is the reference's command line, {} standing for the input
# file; without it the reference is skipped. Each command runs RUNS times
# (default 3): on a shared machine give the range, not one figure. Run it
# from the top of the repository (make bench-reference does).
set -euo pipefail
runs=${RUNS:-3}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
input=$dir/prompts.json

go test ./cmd/batchlab -run '^TestWriteBenchPrompts$' -count=1 -args -write-prompts "$input" >/dev/null
CGO_ENABLED=0 go build -o "$dir/batchlab" ./cmd/batchlab # static, as make build builds it
echo "input: $input, $(wc -c <"$input") bytes; $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

# measure LABEL COMMAND...: runs the command RUNS times, output discarded.
measure() {
	local label=$1
	shift
	for _ in $(seq "$runs"); do
		if [ -x /usr/bin/time ]; then
			/usr/bin/time -f "$label: %e s wall, %U s user, %S s sys, %M KB peak" "$@" >/dev/null 2>"$dir/err" || { cat "$dir/err"; exit 1; }
			tail -n 1 "$dir/err"
		else
			local start end
			start=$(date +%s.%N)
			"$@" >/dev/null 2>&1
			end=$(date +%s.%N)
			echo "$label: $(echo "$end - $start" | bc) s wall"
		fi
	done
}

for format in table json csv; do
	measure "batchlab --format $format" "$dir/batchlab" simulate --input "$input" --mode seed --format "$format"
done
if [ -n "${REFERENCE:-}" ]; then
	measure reference bash -c "${REFERENCE//\{\}/$input}"
else
	echo "reference: skipped (set REFERENCE to its command line, {} for the input file)"
fi
