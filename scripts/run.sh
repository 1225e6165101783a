#!/usr/bin/env bash
# `npm start`: sets up everything on a fresh machine and runs the five services. Ctrl-C stops what it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

SERVICES=(staffing rotation subsidies training scheduler)
PIDS=()
BROKER_PID=""

cleanup() {
  trap - INT TERM EXIT
  if [ ${#PIDS[@]} -gt 0 ]; then
    say "stopping services"
    kill -TERM "${PIDS[@]}" 2>/dev/null || true
    wait "${PIDS[@]}" 2>/dev/null || true
  fi
  if [ -n "$BROKER_PID" ]; then kill -TERM "$BROKER_PID" 2>/dev/null || true; wait "$BROKER_PID" 2>/dev/null || true; fi
  say "stopped"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

ensure_node_modules
build_ts
ensure_auth_secret
ensure_postgres
ensure_database
ensure_redis
if [ -z "${KAFKA_BROKERS:-}" ]; then
  start_dev_broker dev-broker
  say "development broker (in-memory, loses everything when stopped) at $KAFKA_BROKERS"
else
  say "using Kafka at $KAFKA_BROKERS"
fi

node dist/tools/migrate.js
node dist/seeds/seed.js

mkdir -p "$RUN_DIR/logs"
for svc in "${SERVICES[@]}"; do
  node "dist/apps/$svc/src/main.js" >"$RUN_DIR/logs/$svc.log" 2>&1 &
  PIDS+=($!)
done

declare -A PORTS=([staffing]=3001 [rotation]=3002 [subsidies]=3003 [training]=3004 [scheduler]=3005)
for svc in "${SERVICES[@]}"; do
  var="${svc^^}_HTTP_PORT"; port="${!var:-${PORTS[$svc]}}"
  ok=0
  for _ in $(seq 1 150); do
    if curl -fs "http://${HTTP_HOST:-127.0.0.1}:$port/health" >/dev/null 2>&1; then ok=1; break; fi
    if ! kill -0 "${PIDS[$(printf '%s\n' "${SERVICES[@]}" | grep -nx "$svc" | cut -d: -f1) - 1]}" 2>/dev/null; then break; fi
    sleep 0.2
  done
  if [ "$ok" = 1 ]; then
    printf '  %-10s http://%s:%s   (API docs: /docs, health: /health, metrics: /metrics)\n' "$svc" "${HTTP_HOST:-127.0.0.1}" "$port"
  else
    say "$svc did not become healthy: $(grep -v '^{' "$RUN_DIR/logs/$svc.log" | tail -1) (log: $RUN_DIR/logs/$svc.log)"
    exit 1
  fi
done
say "all five services are up; logs in $RUN_DIR/logs/. Ctrl-C stops them."
if [ -z "${AUTH_JWKS_URL:-}" ]; then say "API calls need a bearer token: TOKEN=\$(npm run -s token -- --role city_admin); curl -H \"authorization: Bearer \$TOKEN\" ..."; fi
wait -n "${PIDS[@]}" || true
say "a service exited; stopping the rest"
