#!/usr/bin/env bash
# Install the Debian packages the test suite needs (idempotent).
#   As root: apt-get update + install only what is missing.
#   Otherwise: print the command to run and exit 1 if anything is missing.
set -euo pipefail

PACKAGES=(
  virtuoso-opensource   # SPARQL server for the remote integration tests (tests/remote)
  chromium fonts-wqy-microhei   # headless browser test of graph pages; CJK font for labels (tests/browser)
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

if [ "${#missing[@]}" -eq 0 ]; then
  echo "system packages: all installed (${PACKAGES[*]})"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "missing system packages: ${missing[*]}" >&2
  echo "install them with: sudo apt-get update && sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# Wait for a concurrent apt/dpkg run instead of failing on its lock.
apt-get -o DPkg::Lock::Timeout=600 update -qq
apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends "${missing[@]}"
echo "system packages: installed ${missing[*]}"
