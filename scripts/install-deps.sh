#!/usr/bin/env bash
# Installs what the tests need on a fresh Debian machine, once: each
# package is checked first, so this is quick when nothing is missing.
set -euo pipefail
PACKAGES="python3-mistralclient openssh-server python3-aiosmtpd python3"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
SUDO=""
[ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing:$missing"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
