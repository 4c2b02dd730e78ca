#!/usr/bin/env bash
# The main job until the kiosk exists: verify the fixture codes with `ymt verify`.
set -euo pipefail
cd "$(dirname "$0")/.."
now=$(node -p "require('./fixtures/codes/cases.json').now")
echo "== ymt verify on fixtures/codes/payloads.txt (as of $(node -p "new Date($now*1000).toISOString()"))"
npx ymt verify --root-key "$(cat fixtures/keys/root.pub)" \
  --trust-list fixtures/lists/trust-list.json --status-list fixtures/lists/status-list.json \
  --now "$now" < fixtures/codes/payloads.txt |
  node -e "
    const lines = require('fs').readFileSync(0, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    for (const r of lines) console.log(r.outcome.padEnd(7), r.reason.padEnd(16), (r.name ?? '').padEnd(6), r.message);
  "
