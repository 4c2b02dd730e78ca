#!/usr/bin/env bash
# One command from a fresh clone: system packages, npm packages (better-sqlite3
# compiles from source; Electron's binary download is skipped on purpose, see
# README), the build, then the main job.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh
npm ci --no-audit --no-fund
npm run build
bash scripts/demo.sh
