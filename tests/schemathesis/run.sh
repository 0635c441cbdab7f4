#!/usr/bin/env bash
# The schemathesis suite: the real binary on SQLite in a temporary directory, one schemathesis 4.x
# run against /api/openapi.json per role (and one without a token), every check, a fixed seed.
# Installs what is missing on a fresh Debian machine (as root): a Python venv under
# target/schemathesis-venv with the pinned packages of tests/schemathesis/requirements.txt.
set -euo pipefail
cd "$(dirname "$0")/../.."

as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi
}

venv=target/schemathesis-venv
requirements=tests/schemathesis/requirements.txt
if ! [ -x "$venv/bin/python" ] || ! cmp -s "$requirements" "$venv/requirements.installed"; then
    echo "schemathesis suite: preparing $venv"
    if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' 2>/dev/null; then
        as_root apt-get update -qq
        DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq python3 python3-venv
    fi
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r "$requirements"
    cp "$requirements" "$venv/requirements.installed"
fi

cargo build --locked --bin storyvault
export STORYVAULT_BIN="$PWD/target/debug/storyvault"
export SCHEMATHESIS_BIN="$PWD/$venv/bin/schemathesis"
exec "$venv/bin/python" tests/schemathesis/run.py "$@"
