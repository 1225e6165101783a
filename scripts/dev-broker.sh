#!/usr/bin/env bash
# `npm run dev-broker [-- --wipe | --nodes 3 | --port 9092]`: the development broker on its own (Apache
# Kafka, KRaft, data in .run/kafka), until Ctrl-C. `npm start` runs the same broker when KAFKA_BROKERS is unset.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
build_ts
ensure_java_maven
exec node dist/tools/dev-kafka.js "$@"
