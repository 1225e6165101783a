#!/usr/bin/env bash
# `npm test`: sets up what the tests need (dependencies, PostgreSQL, Redis, Java and Maven for the Kafka
# broker), then runs every jest project. The integration set-up makes a fresh test database and starts
# a fresh Apache Kafka broker for the run (unless KAFKA_BROKERS names one).
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_node_modules
build_ts
ensure_postgres
ensure_redis
ensure_cjk_fonts
ensure_chromium
[ -n "${KAFKA_BROKERS:-}" ] || ensure_java_maven
# The tests mint their own HS256 tokens (libs/testing mintTestToken): never an identity provider's keys.
unset AUTH_JWKS_URL AUTH_ISSUER AUTH_AUDIENCE
ensure_auth_secret
export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jiangmen_test}"

# Integration tests share one database and may take brokers down: run test files one at a time.
exec npx jest --runInBand "$@"
