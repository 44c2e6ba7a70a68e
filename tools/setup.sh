#!/usr/bin/env bash
# Installs what borderflow needs from Debian 12, and nothing when it is all there.
# Run as root (or with sudo). Safe to run again.
set -euo pipefail
packages=(
  g++ cmake make pkg-config
  libboost-graph-dev libyaml-cpp-dev libspdlog-dev catch2
  libcli11-dev nlohmann-json3-dev liblemon-dev coinor-libclp-dev libsqlite3-dev
  libopenmpi-dev openmpi-bin
  clang libclang-rt-14-dev
  libgdal-dev gdal-bin librsvg2-dev libcairo2-dev fonts-dejavu-core
  chromium chromium-driver python3-selenium python3-jsonschema python3-yaml ca-certificates
)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO=sudo
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
