#!/usr/bin/env bash
# Installs the Debian packages the project needs, only those missing, with
# one `apt-get update` first. Needs root (or sudo).
#   fonts-noto-cjk   Chinese names on printable offline cards (ymt issue --png)
#   sqlite3          the baseline in the export benchmark
#   chromium         the browser kiosk's tests (driven by playwright-core; never `playwright install`)
#   libusb-1.0-0     what node-hid's prebuilt binary links against (USB HID POS scanners)
set -euo pipefail
packages=(fonts-noto-cjk sqlite3 chromium libusb-1.0-0)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "system packages: all present (${packages[*]})"
  exit 0
fi
if [ "$(id -u)" -eq 0 ]; then
  sudo_cmd=()
elif command -v sudo >/dev/null 2>&1; then
  sudo_cmd=(sudo)
else
  echo "error: these Debian packages are missing and I am not root: ${missing[*]}" >&2
  echo "       install them with: apt-get update && apt-get install -y ${missing[*]}" >&2
  exit 1
fi
echo "system packages: installing ${missing[*]}"
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
