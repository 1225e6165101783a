#!/usr/bin/env bash
# `npm run bench:<name>`: builds, makes sure PostgreSQL, Redis, Java and Maven (for a private Apache
# Kafka broker) are there, and runs bench/<name>.bench.ts. Benchmarks use their own database (jiangmen_bench).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
build_ts
ensure_postgres
ensure_redis
[ -n "${KAFKA_BROKERS:-}" ] || ensure_java_maven
ensure_auth_secret
[ "$1" != portal ] || ensure_chromium
exec node "dist/bench/$1.bench.js"
