#!/usr/bin/env bash
# `npm run bench:<name>`: builds, makes sure PostgreSQL, Redis and the development broker binary are
# there, and runs bench/<name>.bench.ts. Benchmarks use their own database (jiangmen_bench).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
ensure_node_modules
build_ts
ensure_postgres
ensure_redis
build_dev_broker
ensure_auth_secret
exec node "dist/bench/$1.bench.js"
