#!/usr/bin/env bash
# `npm start`: sets up everything on a fresh machine and runs the six services and the portal. A process
# that dies is restarted (with back-off) while the others and the broker keep running. Ctrl-C stops what it started.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

# The portal (web application and gateway: sessions in Redis, /api/<service> forwarded) is supervised like the services.
SERVICES=(staffing rotation subsidies training scheduler notices portal)
declare -A PORTS=([staffing]=3001 [rotation]=3002 [subsidies]=3003 [training]=3004 [scheduler]=3005 [notices]=3006 [portal]=3000)
SUPERVISORS=()
DEV_MAIL_PID=""
STOPPING=0

cleanup() {
  trap - INT TERM EXIT
  STOPPING=1
  if [ ${#SUPERVISORS[@]} -gt 0 ]; then
    say "stopping services"
    kill -TERM "${SUPERVISORS[@]}" 2>/dev/null || true
    wait "${SUPERVISORS[@]}" 2>/dev/null || true
  fi
  if [ -n "$DEV_MAIL_PID" ]; then kill -TERM "$DEV_MAIL_PID" 2>/dev/null || true; wait "$DEV_MAIL_PID" 2>/dev/null || true; fi
  # After the services: their relays flush what they wrote to the broker before it goes.
  if [ -n "$DEV_KAFKA_PID" ]; then say "stopping the development broker"; stop_dev_kafka; fi
  say "stopped"
}
trap 'cleanup; exit 130' INT
trap 'cleanup; exit 143' TERM
trap cleanup EXIT

# supervise NAME: runs the service, restarts it when it exits on its own (1 s, 2 s, 4 s … 30 s; the delay
# resets after a minute of healthy running), stops it on SIGTERM/SIGINT.
supervise() {
  local svc="$1" child="" delay=1 attempt=0 started code
  local log="$RUN_DIR/logs/$svc.log"
  trap 'STOPPING=1; if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi; exit 0' TERM INT
  while :; do
    attempt=$((attempt + 1))
    started=$(date +%s)
    node "dist/apps/$svc/src/main.js" >>"$log" 2>&1 &
    child=$!
    echo "$child" >"$RUN_DIR/pids/$svc"
    code=0; wait "$child" || code=$?
    child=""
    [ "$STOPPING" = 1 ] && exit 0
    # Exit 0 is a graceful stop someone asked for (SIGTERM/SIGINT to that service): leave it stopped.
    if [ "$code" = 0 ]; then say "$svc stopped (exit 0); not restarting it"; exit 0; fi
    if [ $(( $(date +%s) - started )) -ge 60 ]; then delay=1; fi
    local why="exit code $code"
    [ "$code" -gt 128 ] && why="killed by signal $((code - 128))"
    # (|| true: under set -e and pipefail, a log of JSON lines only — grep finding nothing — would end the supervisor)
    local last; last="$(grep -v '^{' "$log" | grep -v '^\s*$' | tail -n 1 | cut -c1-160 || true)"
    say "$svc exited ($why${last:+: $last}); restarting it in ${delay} s (start $((attempt + 1)); log: $log)"
    sleep "$delay" & wait $! || true
    [ "$STOPPING" = 1 ] && exit 0
    delay=$(( delay * 2 > 30 ? 30 : delay * 2 ))
  done
}

ensure_node_modules
build_ts
ensure_auth_secret
ensure_postgres
ensure_database
ensure_redis
ensure_cjk_fonts
if [ -z "${KAFKA_BROKERS:-}" ]; then
  start_dev_kafka
else
  say "using Kafka at $KAFKA_BROKERS"
fi

node dist/tools/migrate.js
node dist/seeds/seed.js

mkdir -p "$RUN_DIR/logs" "$RUN_DIR/pids"
# The development mail server (tools/dev-mail.ts): an SMTP sink for the notices service's e-mail, kept under
# .run/mail and readable in a browser. Only when no SMTP_URL is given (then notices sends to it).
DEV_MAIL_HTTP_PORT="${DEV_MAIL_HTTP_PORT:-3025}"
if [ -z "${SMTP_URL:-}" ]; then
  export SMTP_URL="smtp://127.0.0.1:${DEV_MAIL_SMTP_PORT:-2525}"
  node dist/tools/dev-mail.js --smtp-port "${DEV_MAIL_SMTP_PORT:-2525}" --http-port "$DEV_MAIL_HTTP_PORT" --dir "$RUN_DIR/mail" >>"$RUN_DIR/logs/dev-mail.log" 2>&1 &
  DEV_MAIL_PID=$!
  sleep 0.5
  kill -0 "$DEV_MAIL_PID" 2>/dev/null || die "the development mail server did not start: $(tail -n 1 "$RUN_DIR/logs/dev-mail.log")"
fi
for svc in "${SERVICES[@]}"; do
  : >"$RUN_DIR/logs/$svc.log"
  supervise "$svc" &
  SUPERVISORS+=($!)
done

for svc in "${SERVICES[@]}"; do
  var="${svc^^}_HTTP_PORT"; port="${!var:-${PORTS[$svc]}}"
  ok=0
  for _ in $(seq 1 300); do
    if curl -fs "http://${HTTP_HOST:-127.0.0.1}:$port/health" >/dev/null 2>&1; then ok=1; break; fi
    sleep 0.2
  done
  if [ "$ok" = 1 ]; then
    printf '  %-10s http://%s:%s   (API docs: /docs, health: /health, metrics: /metrics)\n' "$svc" "${HTTP_HOST:-127.0.0.1}" "$port"
  else
    say "$svc did not become healthy: $(grep -v '^{' "$RUN_DIR/logs/$svc.log" | tail -1) (log: $RUN_DIR/logs/$svc.log)"
    exit 1
  fi
done
say "all six services and the portal are up; logs in $RUN_DIR/logs/. Ctrl-C stops them."
say ""
say "  portal     http://${HTTP_HOST:-127.0.0.1}:${PORTAL_HTTP_PORT:-3000}   ← open this in a browser"
if [ -z "${PORTAL_OIDC_ISSUER:-}" ]; then say "             sign in on its development page as a seeded teacher, county HR officer, school administrator, the city or an operator"; fi
say ""
if [ -n "$DEV_MAIL_PID" ]; then say "  mail       http://127.0.0.1:$DEV_MAIL_HTTP_PORT   ← the e-mails notices sent (development mail server; files in $RUN_DIR/mail)"; say ""; fi
if [ -z "${AUTH_JWKS_URL:-}" ]; then say "API calls need a bearer token: TOKEN=\$(npm run -s token -- --role city_admin); curl -H \"authorization: Bearer \$TOKEN\" ..."; fi
# How far behind the read models are until they hold every published event (a fresh seed: ~32k events).
node dist/tools/lag.js --wait 300 || true
wait "${SUPERVISORS[@]}" || true
