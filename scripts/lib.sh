# Shared shell helpers for scripts/run.sh, scripts/test.sh and .ci/run. Source, don't execute.
# Every failure prints one line saying what is missing and how to fix it.

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN_DIR="$ROOT/.run"
mkdir -p "$RUN_DIR"

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

is_root() { [ "$(id -u)" = 0 ]; }

APT_UPDATED=0
apt_install() {
  if ! is_root; then die "missing Debian package(s) $*; run: sudo apt-get install -y $*"; fi
  if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq >/dev/null 2>&1 || true; APT_UPDATED=1; fi
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >"$RUN_DIR/apt.log" 2>&1 || die "apt-get install $* failed (see $RUN_DIR/apt.log)"
}

# url_host_port URL DEFAULT_PORT -> "host port"
url_host_port() {
  node -e 'const u=new URL(process.argv[1]);console.log((u.hostname||"127.0.0.1").replace(/^\[|\]$/g,"")+" "+(u.port||process.argv[2]))' "$1" "$2"
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

is_loopback() { case "$1" in 127.*|localhost|::1) return 0;; *) return 1;; esac; }

ensure_node_modules() {
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "installing npm dependencies (npm ci)"
    (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error) || die "npm ci failed"
  fi
}

build_ts() {
  (cd "$ROOT" && npm run -s build) || die "TypeScript build failed"
}

ensure_postgres() {
  export DATABASE_URL="${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/jiangmen}"
  read -r host port < <(url_host_port "$DATABASE_URL" 5432)
  if port_open "$host" "$port"; then return 0; fi
  is_loopback "$host" || die "PostgreSQL at $host:$port does not answer (DATABASE_URL)"
  if ! ls /etc/postgresql/*/main >/dev/null 2>&1; then
    say "PostgreSQL not installed; installing Debian's postgresql"
    apt_install postgresql
  fi
  say "starting PostgreSQL"
  local ver; ver="$(ls /etc/postgresql | sort -V | tail -1)"
  if is_root; then pg_ctlcluster --skip-systemctl-redirect "$ver" main start >/dev/null 2>&1 || true
  else die "PostgreSQL is stopped; run: sudo pg_ctlcluster $ver main start"; fi
  for _ in $(seq 1 50); do port_open "$host" "$port" && return 0; sleep 0.2; done
  die "PostgreSQL did not start on $host:$port"
}

ensure_database() {
  # Creates the database named in DATABASE_URL if it does not exist yet.
  local db admin
  db="$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).pathname.slice(1)))' "$DATABASE_URL")"
  admin="$(node -e 'const u=new URL(process.argv[1]);u.pathname="/postgres";console.log(u.toString())' "$DATABASE_URL")"
  if ! psql "$admin" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db'" 2>"$RUN_DIR/psql.err" | grep -q 1; then
    if [ -s "$RUN_DIR/psql.err" ]; then die "cannot query PostgreSQL: $(head -1 "$RUN_DIR/psql.err")"; fi
    psql "$admin" -qc "CREATE DATABASE \"$db\"" >/dev/null || die "could not create database $db"
    say "created database $db"
  fi
}

ensure_redis() {
  export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379}"
  read -r host port < <(url_host_port "$REDIS_URL" 6379)
  if port_open "$host" "$port"; then return 0; fi
  is_loopback "$host" || die "Redis at $host:$port does not answer (REDIS_URL)"
  command -v redis-server >/dev/null || { say "Redis not installed; installing Debian's redis-server"; apt_install redis-server; }
  say "starting Redis"
  mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
  redis-server --daemonize yes --bind 127.0.0.1 -::1 --port "$port" --save "" --appendonly no --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 \
    || redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null 2>&1 \
    || die "could not start Redis"
  for _ in $(seq 1 50); do port_open "$host" "$port" && return 0; sleep 0.2; done
  die "Redis did not start on $host:$port"
}

# Local runs verify bearer tokens with an HS256 secret made once in .run/auth-secret (git-ignored, mode
# 600) and exported as AUTH_HS256_SECRET; `npm run token` signs with it. Nothing to do when AUTH_JWKS_URL
# (an identity provider) or AUTH_HS256_SECRET is already set.
AUTH_SECRET_FILE="$RUN_DIR/auth-secret"
ensure_auth_secret() {
  if [ -n "${AUTH_JWKS_URL:-}" ] || [ -n "${AUTH_HS256_SECRET:-}" ]; then return 0; fi
  if [ ! -s "$AUTH_SECRET_FILE" ]; then
    (umask 077 && node -e 'process.stdout.write(require("crypto").randomBytes(32).toString("base64url"))' >"$AUTH_SECRET_FILE.tmp") \
      && mv "$AUTH_SECRET_FILE.tmp" "$AUTH_SECRET_FILE" || die "could not create $AUTH_SECRET_FILE"
    say "created a local token signing secret in $AUTH_SECRET_FILE (npm run -s token -- --role ... mints tokens with it)"
  fi
  chmod 600 "$AUTH_SECRET_FILE"
  export AUTH_HS256_SECRET; AUTH_HS256_SECRET="$(cat "$AUTH_SECRET_FILE")"
}

# PDF documents (subsidy statements, training transcripts) embed a CJK font: Debian's Noto Sans CJK.
ensure_cjk_fonts() {
  [ -n "${PDF_CJK_FONT:-}" ] && return 0
  ls /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc >/dev/null 2>&1 && return 0
  say "installing Debian's fonts-noto-cjk (Chinese text in PDF documents)"
  apt_install fonts-noto-cjk
}

# The portal's browser tests and bench:portal drive Debian's Chromium (no browser download).
ensure_chromium() {
  [ -n "${CHROMIUM_PATH:-}" ] && return 0
  [ -x /usr/bin/chromium ] && return 0
  say "installing Debian's chromium (the portal's browser tests)"
  apt_install chromium
}

# The development broker is Apache Kafka itself (tools/kafka/pom.xml, run by tools/dev-kafka.ts): it needs
# Java 17+ and Maven, which resolves the broker's jars from Maven Central once.
ensure_java_maven() {
  local missing=()
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9]*\).*/\1/p' | head -n 1)"
  if [ -z "$v" ] || [ "$v" -lt 17 ]; then missing+=(openjdk-17-jre-headless); fi
  command -v mvn >/dev/null 2>&1 || missing+=(maven)
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing Debian's ${missing[*]} (the development broker is Apache Kafka, resolved with Maven)"
  apt_install "${missing[@]}"
}

DEV_KAFKA_DIR="${KAFKA_DEV_DIR:-$RUN_DIR/kafka}"
DEV_KAFKA_PID=""
# start_dev_kafka: starts the development broker (data kept in $DEV_KAFKA_DIR), exports KAFKA_BROKERS.
start_dev_kafka() {
  ensure_java_maven
  rm -f "$DEV_KAFKA_DIR/brokers"
  mkdir -p "$RUN_DIR/logs"
  local log="$RUN_DIR/logs/dev-broker.log" from
  touch "$log"; from=$(($(wc -l <"$log") + 1))
  node "$ROOT/dist/tools/dev-kafka.js" --keep-on-sigint 2>>"$log" &
  DEV_KAFKA_PID=$!
  for _ in $(seq 1 1800); do
    [ -s "$DEV_KAFKA_DIR/brokers" ] && break
    if ! kill -0 "$DEV_KAFKA_PID" 2>/dev/null; then
      tail -n +"$from" "$log" >&2
      die "the development broker did not start (log: $log)"
    fi
    sleep 0.1
  done
  [ -s "$DEV_KAFKA_DIR/brokers" ] || die "the development broker did not start within 3 minutes (log: $log)"
  tail -n +"$from" "$log" >&2
  export KAFKA_BROKERS; KAFKA_BROKERS="$(cat "$DEV_KAFKA_DIR/brokers")"
}

stop_dev_kafka() {
  [ -n "$DEV_KAFKA_PID" ] || return 0
  kill -TERM "$DEV_KAFKA_PID" 2>/dev/null || true
  wait "$DEV_KAFKA_PID" 2>/dev/null || true
  DEV_KAFKA_PID=""
}

# For tools run beside `npm start` (jobs, lag): the development broker's address when KAFKA_BROKERS is unset.
default_kafka_brokers() {
  if [ -z "${KAFKA_BROKERS:-}" ]; then
    if [ -s "$DEV_KAFKA_DIR/brokers" ]; then export KAFKA_BROKERS; KAFKA_BROKERS="$(cat "$DEV_KAFKA_DIR/brokers")"
    else export KAFKA_BROKERS="127.0.0.1:${KAFKA_DEV_PORT:-9092}"; fi
  fi
}
