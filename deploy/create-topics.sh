#!/bin/sh
# Creates the Kafka topics listed in deploy/topics.txt (generated from deploy/topics.json) and keeps the
# configs of existing ones in step. Idempotent: safe to run on every deploy. POSIX sh, so it runs in the
# official apache/kafka image (which has no node, jq or python):
#
#   docker run --rm --network <net> -v "$PWD/deploy:/deploy:ro" apache/kafka:3.9.1 \
#     sh /deploy/create-topics.sh
#
# Environment:
#   BOOTSTRAP_SERVER     host:port of a broker                         (default localhost:9092)
#   KAFKA_BIN            folder holding kafka-topics.sh                (default /opt/kafka/bin)
#   TOPICS_FILE          the topic list                                (default: topics.txt beside this script)
#   REPLICATION_FACTOR   overrides every topic's replication factor    (e.g. 1 for a single broker)
#   MIN_INSYNC_REPLICAS  overrides every topic's min.insync.replicas   (never set above the replication factor)
#   WAIT_SECONDS         how long to wait for the broker to answer     (default 120)
set -eu

BOOTSTRAP_SERVER="${BOOTSTRAP_SERVER:-localhost:9092}"
KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
TOPICS_FILE="${TOPICS_FILE:-$(dirname "$0")/topics.txt}"
WAIT_SECONDS="${WAIT_SECONDS:-120}"

say() { printf 'create-topics: %s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }
topics_cmd() { "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" "$@" </dev/null; }
configs_cmd() { "$KAFKA_BIN/kafka-configs.sh" --bootstrap-server "$BOOTSTRAP_SERVER" "$@" </dev/null; }
is_count() { case "$1" in ''|*[!0-9]*) return 1;; *) [ "$1" -gt 0 ];; esac; }

[ -x "$KAFKA_BIN/kafka-topics.sh" ] || die "no $KAFKA_BIN/kafka-topics.sh (set KAFKA_BIN)"
[ -r "$TOPICS_FILE" ] || die "cannot read $TOPICS_FILE"
if [ -n "${REPLICATION_FACTOR:-}" ]; then is_count "$REPLICATION_FACTOR" || die "REPLICATION_FACTOR must be a positive integer"; fi
if [ -n "${MIN_INSYNC_REPLICAS:-}" ]; then is_count "$MIN_INSYNC_REPLICAS" || die "MIN_INSYNC_REPLICAS must be a positive integer"; fi

waited=0
until existing="$(topics_cmd --list 2>/dev/null)"; do
  [ "$waited" -lt "$WAIT_SECONDS" ] || die "Kafka at $BOOTSTRAP_SERVER did not answer within ${WAIT_SECONDS}s"
  sleep 2; waited=$((waited + 2))
done

created=0 updated=0 warnings=0
# Read the list on fd 3: the Kafka tools are JVMs and must not swallow the loop's input.
while IFS=' ' read -r name partitions rf min_isr policy retention_ms retention_bytes rest <&3; do
  case "$name" in ''|'#'*) continue;; esac
  [ -n "$retention_bytes" ] && [ -z "$rest" ] || die "malformed line for '$name' in $TOPICS_FILE (want 7 fields)"
  rf="${REPLICATION_FACTOR:-$rf}"
  min_isr="${MIN_INSYNC_REPLICAS:-$min_isr}"
  [ "$min_isr" -le "$rf" ] || min_isr="$rf"
  configs="cleanup.policy=$policy,retention.ms=$retention_ms,retention.bytes=$retention_bytes,min.insync.replicas=$min_isr"

  if printf '%s\n' "$existing" | grep -qxF "$name"; then
    configs_cmd --alter --entity-type topics --entity-name "$name" --add-config "$configs" >/dev/null \
      || die "could not update configs of $name"
    have="$(topics_cmd --describe --topic "$name" | sed -n 's/.*PartitionCount: *\([0-9][0-9]*\).*/\1/p' | head -n 1)"
    if [ "$have" != "$partitions" ]; then
      say "warning: $name has ${have:-?} partitions, topics.json says $partitions (not changed: partition counts only grow, and growing moves keys)"
      warnings=$((warnings + 1))
    fi
    updated=$((updated + 1))
  else
    topics_cmd --create --if-not-exists --topic "$name" --partitions "$partitions" --replication-factor "$rf" \
      --config "cleanup.policy=$policy" --config "retention.ms=$retention_ms" \
      --config "retention.bytes=$retention_bytes" --config "min.insync.replicas=$min_isr" >/dev/null \
      || die "could not create $name"
    say "created $name (partitions $partitions, replication factor $rf, min.insync.replicas $min_isr, retention.ms $retention_ms)"
    created=$((created + 1))
  fi
done 3<"$TOPICS_FILE"

say "done: $created created, $updated already present (configs applied), $warnings warning(s), broker $BOOTSTRAP_SERVER"
