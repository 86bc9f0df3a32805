#!/bin/sh
# Replays the generator's web log into Kafka at about 100 events/s, over and over, with one
# malformed line every 250 events so the dead-letter path shows on the dashboard.
set -eu
topic="${TOPIC:-web-logs}"
while true; do
  i=0
  while IFS= read -r line; do
    printf '%s\n' "$line"
    i=$((i + 1))
    if [ $((i % 250)) -eq 0 ]; then
      printf 'this is not an access log line (%s)\n' "$i"
    fi
    if [ $((i % 100)) -eq 0 ]; then
      sleep 1
    fi
  done < /var/lib/varanus/data/replay.log
done | /opt/kafka/bin/kafka-console-producer.sh --bootstrap-server "$BOOTSTRAP" --topic "$topic"
