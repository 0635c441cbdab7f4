#!/usr/bin/env bash
# The browser suite: headless Debian chromium drives the pages of a freshly built storyvault.
# Installs what is missing on a fresh Debian machine (as root): the chromium package and a Python
# venv under target/browser-venv with the pinned packages of tests/browser/requirements.txt.
# Never `playwright install`: the suite launches Debian's chromium by its path.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

apt_updated=""
apt_install() {
    if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@"
}

if ! command -v chromium >/dev/null 2>&1; then
    echo "browser suite: installing Debian's chromium"
    apt_install chromium
fi
CHROMIUM="$(command -v chromium)"
export CHROMIUM

venv=target/browser-venv
requirements=tests/browser/requirements.txt
if ! [ -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.installed"; then
    echo "browser suite: preparing $venv"
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        apt_install python3 python3-venv
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.installed"
fi

cargo build --locked --bin storyvault
export STORYVAULT_BIN="$PWD/target/debug/storyvault"

rm -rf target/screenshots
# -p no:cacheprovider: nothing written into tests/; -rA: every outcome is listed, skips included
# (and a skip fails the run, see conftest.py).
exec "$venv/bin/python" -m pytest tests/browser -p no:cacheprovider -rA -v "$@"
