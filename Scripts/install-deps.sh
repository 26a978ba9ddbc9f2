#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages the build needs. Skips apt entirely when all are present.
set -euo pipefail
packages=(libopenblas-dev liblapacke-dev libsndfile1-dev libsoxr-dev libwebrtc-audio-processing-dev flite1-dev)
missing=()
for p in "${packages[@]}"; do
    dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
echo "installing: ${missing[*]}"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
