#!/usr/bin/env bash
# The nightly-retraining protocol of README ("Nightly retraining"): generate six days of one
# generator stream and a labelled evaluation window a week later; train on day 1 (normal rows
# only), then `retrain` on each following day and `evaluate` the store's current model after each
# step. Prints one table row per model: excluded events, gate verdict, AUPRC, recall at 0.1% FPR,
# precision, recall and false-positive rate at the calibrated threshold.
#
#   engine/bench/retrain-protocol.sh [options]
#     --jar FILE          varanus jar (default engine/target/varanus.jar)
#     --stream S          generator stream: web (default) or ssh
#     --config FILE       engine config (default engine/examples/<stream>.yml)
#     --events N          events per day and in the evaluation window (default 15000)
#     --attack-rate R     attack share of every generated file (default: the generator's, 0.03)
#     --drift D           the generator's slow drift over the days, 0 for none (default 0)
#     --replay-size N     sets retrain.replay-size in a copy of the config (0 turns the replay off)
#     --out DIR           work directory (default a new temporary directory)
#
# Day d (1-6) starts at 2024-03-04 + (d-1) days with seed 99+d; the evaluation window starts
# 2024-03-11 with seed 999. The same options give the same files; training is seeded by the
# config (model.seed), so rows repeat up to thread scheduling in training.
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/engine/target/varanus.jar
stream=web
config=
events=15000
attack_rate=
drift=0
replay_size=
out=
while [ $# -gt 0 ]; do
  case $1 in
    --jar) jar=$2; shift 2 ;;
    --stream) stream=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --attack-rate) attack_rate=$2; shift 2 ;;
    --drift) drift=$2; shift 2 ;;
    --replay-size) replay_size=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
config=${config:-$here/engine/examples/$stream.yml}
out=${out:-$(mktemp -d -t retrain-protocol.XXXXXX)}
mkdir -p "$out"
varanus() { java -jar "$jar" "$@"; }

cfg=$out/config.yml
cp "$config" "$cfg"
if [ -n "$replay_size" ]; then
  if grep -q '^retrain:' "$cfg"; then
    echo "$config has a retrain: section; set replay-size there instead of --replay-size" >&2
    exit 2
  fi
  printf 'retrain:\n  replay-size: %s\n' "$replay_size" >> "$cfg"
fi

gen_opts=(--stream "$stream" --events "$events")
[ -n "$attack_rate" ] && gen_opts+=(--attack-rate "$attack_rate")
[ "$drift" != 0 ] && gen_opts+=(--drift "$drift")
for d in 1 2 3 4 5 6; do
  start=$(date -u -d "2024-03-04 +$((d - 1)) days" +%Y-%m-%dT00:00:00Z)
  [ -f "$out/day$d.log" ] ||
    varanus generate "${gen_opts[@]}" --seed $((99 + d)) --start "$start" --output "$out/day$d.log"
done
# the evaluation window a week later: with drift, its traffic has drifted as far as day 6's
[ -f "$out/eval.log" ] ||
  varanus generate "${gen_opts[@]}" --seed 999 --start 2024-03-11T00:00:00Z \
    $([ "$drift" != 0 ] && echo --drift-day 5) --output "$out/eval.log"

store=$out/store
rm -rf "$store" "$out"/train "$out"/retrain-* "$out"/eval-*
varanus train --config "$cfg" --input "$out/day1.log" --label-field label --normal-value normal \
  --model-out "$out/train" --publish-to "$store" > "$out/train.txt" 2>&1

row() { # step, model name, excluded, gate
  local ev=$out/eval-$1
  shift
  varanus evaluate --config "$cfg" --model "$store/$(cat "$store/CURRENT")" --input "$out/eval.log" \
    --report "$ev" > "$ev.txt" 2>&1
  python3 - "$ev/metrics.json" "$1" "$2" "$3" <<'EOF'
import json, sys
m = json.load(open(sys.argv[1]))
print("| %s | %s | %s | %.4f | %.4f | %.3f | %.3f | %.4f |" % (
    sys.argv[2], sys.argv[3], sys.argv[4], m["auprc"], m["recall_at_fpr_0_001"],
    m["precision"], m["recall"], m["false_positive_rate"]))
EOF
}

echo "| model | excluded | gate | AUPRC | recall @0.1% FPR | precision | recall | FPR |"
echo "|---|---|---|---|---|---|---|---|"
row 1 "day 1 (labelled, normal rows)" "" ""
for d in 2 3 4 5 6; do
  r=$out/retrain-$d
  set +e
  varanus retrain --config "$cfg" --input "$out/day$d.log" --store "$store" --out "$r" \
    > "$r.txt" 2>&1
  code=$?
  set -e
  case $code in
    0) gate=promoted ;;
    3) gate=refused ;;
    *) echo "retrain on day $d failed (exit $code), see $r.txt" >&2; exit 1 ;;
  esac
  excluded=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1]))["counts"]; print(c["excluded_by_score"])' \
    "$r/report/comparison.json" 2>/dev/null || echo "-")
  row "$d" "retrain $((d - 1)) (day $d)" "$excluded" "$gate"
done
echo "work directory: $out"
