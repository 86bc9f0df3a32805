#!/usr/bin/env bash
# Scoring benchmark: Varanus's scorer (plain Java and SameDiff) and, when Debian's python3-torch is
# installed, the same-size PyTorch VAE of ../shared/bench, in one run. Usage: models/bench.sh [seconds]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -pl models -am test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dspotless.check.skip=true
export OMP_NUM_THREADS=1
lscpu | grep 'Model name' || true
cp="models/target/classes:models/target/test-classes:$(cat models/target/cp.txt)"
# the vectorized kernel (and SameDiff), then the scalar kernel a JVM without the flag uses
java --add-modules jdk.incubator.vector -cp "$cp" io.varanus.models.bench.ScoringBench "${1:-3}"
java -cp "$cp" io.varanus.models.bench.ScoringBench "${1:-3}" java-only
ref=../shared/bench/torch_vae_reference.py
if [ -f "$ref" ] && /usr/bin/python3 -c 'import torch' 2>/dev/null; then
  /usr/bin/python3 "$ref" 1
  /usr/bin/python3 "$ref" 2
fi
