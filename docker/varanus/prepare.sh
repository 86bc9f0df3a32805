#!/bin/sh
# One-shot before the service starts: writes generator data (normal traffic to train on, and a
# replay file with 2% attacks for the replayer) and trains the first model into the store,
# unless the store already holds a version.
set -eu
store=/var/lib/varanus/models
data=/var/lib/varanus/data
if [ ! -s "$data/replay.log" ]; then
  varanus generate --stream web --events 50000 --attack-rate 0.02 --seed 7 \
    --start 2024-03-11T00:00:00Z --output "$data/replay.log"
fi
if [ -z "$(ls -A "$store")" ]; then
  varanus generate --stream web --events 20000 --attack-rate 0 --seed 1 --output "$data/train.log"
  varanus train --config /etc/varanus/varanus.yml --input "$data/train.log" \
    --model-out "$store/$(date -u +%Y%m%dT%H%M%SZ)"
fi
