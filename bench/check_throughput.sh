#!/usr/bin/env bash
# `check` throughput on a generated batch, this checkout against another one (default /work/main), interleaved so
# both see the same machine load. Usage: bench/check_throughput.sh [N=2000] [OTHER_CHECKOUT=/work/main] [ROUNDS=2]
# Prints wall and CPU (user+sys) seconds per run and articles/s; the generator is the acceptance one.
set -u
n=${1:-2000}; other=${2:-/work/main}; rounds=${3:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
py=${PYTHON:-/work/venv/bin/python}
gen=${GEN:-/work/shared/acceptance/lib/gen_articles.py}
data=$(mktemp -d)/articles.jsonl
$py "$gen" "$n" "$data" >/dev/null
for r in $(seq "$rounds"); do
  for tree in "$other" "$here"; do
    /usr/bin/time -f "%e %U %S" -o "$data.t" env PYTHONPATH="$tree/src" "$py" -m qualitycheck check --no-cache --format jsonl --fail-on never "$data" >/dev/null
    read -r wall user sys <"$data.t"
    cpu=$(echo "$user + $sys" | bc)
    printf '%-28s round %s: wall %7.2f s  cpu %7.2f s  %6.1f articles/s (cpu)\n' "$tree" "$r" "$wall" "$cpu" "$(echo "$n / $cpu" | bc -l)"
  done
done
