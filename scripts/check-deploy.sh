#!/usr/bin/env bash
# Checks the deployment files without a container engine:
#   - deploy/topics.json lists exactly the TOPICS catalogue (libs/contracts/src/registry.ts) plus each
#     topic's dead-letter topic, with the catalogue's partition counts and replay-safe retention
#     (tools/topics.ts creates topics from it for development, tests and production);
#   - docker-compose.yml runs the Kafka version the development broker runs (tools/kafka/pom.xml);
#   - deploy/Dockerfile and docker-compose.yml know every service of tools/services.ts and its port;
#   - docker-compose.yml is valid (`docker compose config` or Debian's docker-compose 1.29), refuses to
#     start without its secrets, and every variable it reads is listed in deploy/.env.example.
# Any mismatch: exit 1 with one line saying what. Without a compose validator and without root to
# install one, the compose part is skipped with a note (exit 0).
#
# Usage: bash scripts/check-deploy.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

[ $# -eq 0 ] || die "usage: bash scripts/check-deploy.sh"

fail() { printf 'check-deploy: FAIL: %s\n' "$*" >&2; exit 1; }
note() { printf 'check-deploy: %s\n' "$*" >&2; }

for f in deploy/Dockerfile deploy/topics.json deploy/.env.example docker-compose.yml .dockerignore tools/kafka/pom.xml; do
  [ -f "$f" ] || fail "$f is missing"
done

# ---- compiled catalogue: build when dist is missing or older than the sources it is read from ----
CONTRACTS_JS=dist/libs/contracts/src/index.js
SERVICES_JS=dist/tools/services.js
if [ ! -f "$CONTRACTS_JS" ] || [ ! -f "$SERVICES_JS" ] \
  || [ -n "$(find libs/contracts/src tools/services.ts apps/*/src/*.service.ts -name '*.ts' -newer "$CONTRACTS_JS" 2>/dev/null | head -n 1)" ]; then
  note "building (dist is missing or stale)"
  ensure_node_modules
  build_ts
fi

# ---- topics.json vs TOPICS, Kafka versions, services vs Dockerfile and compose ----
node - <<'JS' || exit 1
const fs = require('fs');
const path = require('path');
const fail = (msg) => { process.stderr.write(`check-deploy: FAIL: ${msg}\n`); process.exit(1); };

const { TOPICS, deadLetterTopic } = require(path.resolve('dist/libs/contracts/src/index.js'));
const { SERVICES } = require(path.resolve('dist/tools/services.js'));

let doc;
try {
  doc = JSON.parse(fs.readFileSync('deploy/topics.json', 'utf8'));
} catch (e) {
  fail(`deploy/topics.json is not valid JSON: ${e.message}`);
}
if (!doc || !Array.isArray(doc.topics)) fail('deploy/topics.json has no "topics" array');

const names = doc.topics.map((t) => t && t.name);
const dup = names.find((n, i) => names.indexOf(n) !== i);
if (dup !== undefined) fail(`deploy/topics.json lists ${dup} twice`);
const expected = new Map();
for (const [topic, { partitions, compacted }] of Object.entries(TOPICS)) {
  expected.set(topic, { partitions, compacted: compacted === true });
  expected.set(deadLetterTopic(topic), { deadLetterOf: topic });
}
const missing = [...expected.keys()].filter((n) => !names.includes(n));
if (missing.length) fail(`deploy/topics.json lacks ${missing.join(', ')} (TOPICS in libs/contracts/src/registry.ts plus their dead-letter topics)`);
const extra = names.filter((n) => !expected.has(n));
if (extra.length) fail(`deploy/topics.json lists ${extra.join(', ')}, which is not in TOPICS (libs/contracts/src/registry.ts) nor a dead-letter topic of one`);

const posInt = (v) => Number.isInteger(v) && v > 0;
for (const t of doc.topics) {
  const want = expected.get(t.name);
  const cfg = t.config || {};
  const where = `deploy/topics.json ${t.name}`;
  if (!posInt(t.partitions)) fail(`${where}: partitions must be a positive integer`);
  if (!posInt(t.replicationFactor)) fail(`${where}: replicationFactor must be a positive integer`);
  for (const key of ['cleanup.policy', 'retention.ms', 'retention.bytes', 'min.insync.replicas']) {
    if (typeof cfg[key] !== 'string' || !/^\S+$/.test(cfg[key])) fail(`${where}: config "${key}" must be a string without spaces`);
  }
  const minIsr = Number(cfg['min.insync.replicas']);
  if (!posInt(minIsr) || minIsr > t.replicationFactor) fail(`${where}: min.insync.replicas must be between 1 and the replication factor`);
  if (!/^-?\d+$/.test(cfg['retention.ms']) || !/^-?\d+$/.test(cfg['retention.bytes'])) fail(`${where}: retention.ms and retention.bytes must be integers`);
  if (want.deadLetterOf) {
    if (t.deadLetterOf !== want.deadLetterOf) fail(`${where}: deadLetterOf must be ${want.deadLetterOf}`);
  } else {
    if (t.partitions !== want.partitions) fail(`${where} has ${t.partitions} partitions, TOPICS in libs/contracts/src/registry.ts says ${want.partitions}`);
    // Read models are rebuilt by replaying from offset 0: nothing may expire or be compacted away — except
    // on a topic of personal data that the catalogue marks compacted (the latest record per key is kept).
    const policy = want.compacted ? 'compact' : 'delete';
    if (cfg['cleanup.policy'] !== policy || cfg['retention.ms'] !== '-1' || cfg['retention.bytes'] !== '-1') {
      fail(`${where}: event topics must keep ${want.compacted ? 'the latest record of every key (cleanup.policy compact' : 'everything for replay (cleanup.policy delete'}, retention.ms -1, retention.bytes -1)`);
    }
  }
}

const dockerfile = fs.readFileSync('deploy/Dockerfile', 'utf8');
const compose = fs.readFileSync('docker-compose.yml', 'utf8');
const pomVersion = (/<kafka\.version>([^<]+)<\/kafka\.version>/.exec(fs.readFileSync('tools/kafka/pom.xml', 'utf8')) || [])[1];
const images = [...compose.matchAll(/image: apache\/kafka:(\S+)/g)].map((m) => m[1]);
if (!pomVersion) fail('tools/kafka/pom.xml has no <kafka.version>');
if (images.length === 0) fail('docker-compose.yml runs no apache/kafka image');
for (const v of images) if (v !== pomVersion) fail(`docker-compose.yml runs apache/kafka:${v}, the development broker (tools/kafka/pom.xml) Kafka ${pomVersion}: use one version`);
if (!dockerfile.includes('COPY deploy/topics.json')) fail('deploy/Dockerfile does not copy deploy/topics.json (kafka-init creates topics from it)');
for (const s of SERVICES) {
  if (!dockerfile.includes(`${s.name}:${s.defaultPort}`)) fail(`deploy/Dockerfile health check does not map ${s.name} to its port ${s.defaultPort}`);
  if (!new RegExp(`^  ${s.name}:\\s*$`, 'm').test(compose)) fail(`docker-compose.yml has no service ${s.name}`);
  if (!new RegExp(`^\\s+APP: ${s.name}\\s*$`, 'm').test(compose)) fail(`docker-compose.yml does not build ${s.name} (args: APP: ${s.name})`);
  if (!compose.includes(`"${s.defaultPort}:${s.defaultPort}"`)) fail(`docker-compose.yml does not publish ${s.name}'s port ${s.defaultPort}`);
}
process.stdout.write(`check-deploy: ${expected.size} topics match TOPICS; Kafka ${pomVersion} in compose and the development broker; ${SERVICES.length} services match Dockerfile and compose\n`);
JS

# Every ${VAR} that compose interpolates is documented in .env.example.
for var in $(grep -o '\${[A-Za-z_][A-Za-z0-9_]*' docker-compose.yml | cut -c3- | sort -u); do
  grep -q "^${var}=" deploy/.env.example || fail "docker-compose.yml reads \${$var}, which deploy/.env.example does not list"
done

# ---- compose validation -------------------------------------------------------------------------
COMPOSE=()
if docker compose version >/dev/null 2>&1; then
  COMPOSE=(docker compose)
elif command -v docker-compose >/dev/null 2>&1; then
  COMPOSE=(docker-compose)
elif is_root; then
  note "installing Debian's docker-compose (the validator; no engine needed)"
  # --no-install-recommends: docker-compose recommends docker.io, a whole engine we do not need.
  if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >"$RUN_DIR/apt.log" 2>&1; then
    apt-get update -qq >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose >"$RUN_DIR/apt.log" 2>&1 \
      || fail "apt-get install docker-compose failed (see $RUN_DIR/apt.log)"
  fi
  COMPOSE=(docker-compose)
else
  note "ok, but compose validation skipped: no validator; run: sudo apt-get install -y --no-install-recommends docker-compose"
  exit 0
fi

# Dummy values for the required secrets; --env-file keeps a developer's own .env out of the check.
compose() { "${COMPOSE[@]}" --project-directory "$ROOT" --env-file deploy/.env.example -f docker-compose.yml "$@"; }
SECRETS=(POSTGRES_PASSWORD REDIS_PASSWORD SMTP_URL)
with_secrets() ( for v in "${SECRETS[@]}"; do export "$v=check-deploy-dummy"; done; "$@" )
# without_secret NAME cmd...: every secret set except NAME.
without_secret() ( for v in "${SECRETS[@]}"; do export "$v=check-deploy-dummy"; done; unset "$1"; shift; "$@" )

with_secrets compose config -q 2>"$RUN_DIR/compose.err" \
  || fail "docker-compose.yml is invalid: $(grep -v '^\s*$' "$RUN_DIR/compose.err" | tail -n 1)"

for secret in "${SECRETS[@]}"; do
  grep -q "^$secret=\$" deploy/.env.example || fail "deploy/.env.example must list $secret with an empty value (no secrets in git)"
  if without_secret "$secret" compose config -q >/dev/null 2>&1; then
    fail "docker-compose.yml starts without $secret; require it everywhere with \${$secret:?set $secret}, never a default"
  fi
done

want="$(printf '%s\n' kafka kafka-init postgres redis migrate staffing rotation subsidies training scheduler notices | sort)"
have="$(with_secrets compose config --services 2>/dev/null | sort)"
[ "$want" = "$have" ] || fail "docker-compose.yml services are [$(echo $have)], expected [$(echo $want)]"

note "ok: topics, Dockerfile, compose file ($(echo "${COMPOSE[*]}") config) and .env.example agree"
