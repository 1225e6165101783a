#!/usr/bin/env bash
# `npm run -s jobs -- …`, `npm run -s lag`: operators' tools beside a running system. With KAFKA_BROKERS
# unset they talk to the development broker `npm start` runs. Expects `npm start` (or `npm run build`) to
# have compiled dist/.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
tool="$1"; shift
[ -f "dist/tools/$tool.js" ] || build_ts
default_kafka_brokers
exec node "dist/tools/$tool.js" "$@"
