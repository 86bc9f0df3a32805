#!/usr/bin/env bash
# The nightly-retraining protocol of README ("Nightly retraining"): generate six days of one
# generator stream and a labelled evaluation window a week later; train on day 1 (normal rows
# only), then `retrain` on each following day and `evaluate` the store's current model after each
# step. Prints one table row per model: excluded events, gate verdict, AUPRC, recall at 0.1% FPR,
# precision, recall and false-positive rate at the calibrated threshold.
#
#   engine/bench/retrain-protocol.sh [options]
#     --jar FILE          varanus jar (default engine/target/varanus.jar)
#     --stream S          generator stream: web (default), ssh or flow
#     --config FILE       engine config (default engine/examples/<stream>.yml)
#     --events N          events per day and in the evaluation window (default 15000)
#     --attack-rate R     attack share of every generated file (default: the generator's, 0.03)
#     --drift D           new normal behaviour (generate --drift): none on day 1, D/R more each day
#                         until it reaches D on day 1+R, and D in the evaluation window (default 0)
#     --drift-ramp R      days the drift takes to reach D (default 2)
#     --model-seed N      sets model.seed in a copy of the config (training and sampling)
#     --replay-size N     sets retrain.replay-size in a copy of the config (0 turns the replay off)
#     --replay-share S    sets retrain.replay-share in a copy of the config
#     --out DIR           work directory (default a new temporary directory)
#
# Day d (1-6) starts at 2024-03-04 + (d-1) days with seed 99+d; the evaluation window starts
# 2024-03-11 with seed 999. The same options give the same files; training and sampling are
# seeded by the config (model.seed).
set -euo pipefail

here=$(cd "$(dirname "$0")/../.." && pwd)
jar=$here/engine/target/varanus.jar
stream=web
config=
events=15000
attack_rate=
drift=0
drift_ramp=2
model_seed=
replay_size=
replay_share=
out=
while [ $# -gt 0 ]; do
  case $1 in
    --jar) jar=$2; shift 2 ;;
    --stream) stream=$2; shift 2 ;;
    --config) config=$2; shift 2 ;;
    --events) events=$2; shift 2 ;;
    --attack-rate) attack_rate=$2; shift 2 ;;
    --drift) drift=$2; shift 2 ;;
    --drift-ramp) drift_ramp=$2; shift 2 ;;
    --model-seed) model_seed=$2; shift 2 ;;
    --replay-size) replay_size=$2; shift 2 ;;
    --replay-share) replay_share=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
    *) echo "unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
config=${config:-$here/engine/examples/$stream.yml}
out=${out:-$(mktemp -d -t retrain-protocol.XXXXXX)}
mkdir -p "$out"
varanus() { java -jar "$jar" "$@"; }

cfg=$out/config.yml
cp "$config" "$cfg"
if [ -n "$replay_size$replay_share" ]; then
  if grep -q '^retrain:' "$cfg"; then
    echo "$config has a retrain: section; set the replay options there" >&2
    exit 2
  fi
  echo 'retrain:' >> "$cfg"
  [ -n "$replay_size" ] && echo "  replay-size: $replay_size" >> "$cfg"
  [ -n "$replay_share" ] && echo "  replay-share: $replay_share" >> "$cfg"
fi

if [ -n "$model_seed" ]; then
  if grep -q '^  seed:' "$cfg" || ! grep -q '^model:' "$cfg"; then
    echo "$config: set model.seed there (the script adds it only under an existing model: section without one)" >&2
    exit 2
  fi
  sed -i "s/^model:\$/model:\n  seed: $model_seed/" "$cfg"
fi

gen_opts=(--stream "$stream" --events "$events")
[ -n "$attack_rate" ] && gen_opts+=(--attack-rate "$attack_rate")
drift_on() { # day -> drift share that day
  python3 -c 'import sys; d, r, day = float(sys.argv[1]), float(sys.argv[2]), int(sys.argv[3]); print(round(d * min(1.0, (day - 1) / r), 6))' \
    "$drift" "$drift_ramp" "$1"
}
for d in 1 2 3 4 5 6; do
  start=$(date -u -d "2024-03-04 +$((d - 1)) days" +%Y-%m-%dT00:00:00Z)
  [ -f "$out/day$d.log" ] ||
    varanus generate "${gen_opts[@]}" --seed $((99 + d)) --start "$start" --drift "$(drift_on $d)" \
      --output "$out/day$d.log"
done
# the labelled evaluation window a week later
[ -f "$out/eval.log" ] ||
  varanus generate "${gen_opts[@]}" --seed 999 --start 2024-03-11T00:00:00Z --drift "$drift" \
    --output "$out/eval.log"

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
