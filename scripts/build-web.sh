#!/usr/bin/env bash
# Builds the portal's single-page application (apps/portal/web → dist/portal-web) with Vite, unless the
# build is newer than every source file and the lock file. `--force` builds anyway.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
OUT="dist/portal-web/index.html"
if [ "${1:-}" != "--force" ] && [ -f "$OUT" ] && [ -z "$(find apps/portal/web package-lock.json -newer "$OUT" -type f -print -quit)" ]; then
  exit 0
fi
printf 'building the portal pages (vite)\n' >&2
npx vite build --config apps/portal/web/vite.config.mts --logLevel warn
# Precompressed copies (brotli and gzip) for the gateway to serve to browsers that accept them.
node -e '
const fs = require("fs"), path = require("path"), zlib = require("zlib");
const dir = "dist/portal-web/assets";
for (const f of fs.readdirSync(dir)) {
  if (!/\.(js|css|svg)$/.test(f)) continue;
  const body = fs.readFileSync(path.join(dir, f));
  fs.writeFileSync(path.join(dir, f + ".gz"), zlib.gzipSync(body, { level: 9 }));
  fs.writeFileSync(path.join(dir, f + ".br"), zlib.brotliCompressSync(body, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11 } }));
}'
