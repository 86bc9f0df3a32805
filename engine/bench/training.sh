#!/usr/bin/env bash
# Training benchmark: Varanus's trainer against the same VAE in PyTorch (torch_training.py) on the same featurized
# rows, the same epochs, in one run (docs/BENCHMARKS.md). Needs Debian's python3-torch (apt-get install -y
# python3-torch) for the PyTorch side, which is skipped without it.
# Usage: engine/bench/training.sh [config input label-field normal-value [epochs [samediff-epochs]]]
# Default: NSL-KDD's normal rows (all of KDDTrain+), 100 epochs, no SameDiff run.
set -euo pipefail
cd "$(dirname "$0")/../.."
config=${1:-engine/examples/nsl-kdd.yml}
input=${2:-../shared/datasets/nsl-kdd/KDDTrain+.txt.gz}
label=${3:-label}
normal=${4:-normal}
epochs=${5:-100}
samediff=${6:-0}
out=${TMPDIR:-/tmp}/varanus-training-bench
mvn -B -q test-compile dependency:build-classpath -Dmdep.outputFile=target/bench-cp.txt \
  -Dmdep.includeScope=test -pl engine -am -Dspotless.check.skip=true
# a copy, so that a concurrent build cannot pull classes away mid-run
rm -rf "$out" && mkdir -p "$out"
cp -r engine/target/classes "$out/engine-classes"
cp -r engine/target/test-classes "$out/engine-test-classes"
cp -r models/target/test-classes "$out/models-test-classes"
cp="$out/engine-classes:$out/engine-test-classes:$out/models-test-classes:$(cat engine/target/bench-cp.txt)"
export OMP_NUM_THREADS=1
echo "machine: $(getconf _NPROCESSORS_ONLN) cores, $(lscpu | sed -n 's/^Model name: *//p'), load $(cut -d' ' -f1-3 /proc/loadavg)"
java -version 2>&1 | head -1
java -cp "$cp" io.varanus.engine.bench.TrainingRows "$config" "$input" "$label" "$normal" "$out/rows"
bench=(java --add-modules jdk.incubator.vector -cp "$cp" io.varanus.models.bench.TrainingBench "$out/rows" "$epochs")
if [ "$samediff" -gt 0 ]; then bench+=(samediff "$samediff"); fi
"${bench[@]}" 2>&1 | grep -v '^WARNING: Using incubator\|^Added differentiated'
if /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  for threads in 1 2; do
    /usr/bin/python3 engine/bench/torch_training.py "$out/rows" "$epochs" "$threads"
  done
else
  echo "python3-torch not installed: no PyTorch comparison"
fi
