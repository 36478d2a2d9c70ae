#!/usr/bin/env bash
# Installs the Python packages of the lab's second IGD (tests/lab/igd/igd.py)
# into a virtual environment, pinned by tests/lab/igd/requirements.txt.
# Idempotent: does nothing when the environment already matches the pins.
#
#   tests/lab/igd/setup.sh            # venv at $NETCHECK_LAB_VENV or /opt/netcheck-lab-venv
#
# Exit codes: 0 ready, 1 could not install.
set -euo pipefail

HERE=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")" && pwd)
VENV=${NETCHECK_LAB_VENV:-/opt/netcheck-lab-venv}
REQ="$HERE/requirements.txt"
STAMP="$VENV/.netcheck-requirements"

if [[ -x $VENV/bin/python3 && -f $STAMP ]] && cmp -s "$REQ" "$STAMP"; then
    exit 0
fi
echo "tests/lab/igd/setup.sh: installing the lab IGD's Python packages into $VENV" >&2
if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    apt-get update -q
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends python3-venv
fi
rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python3" -m pip install -q --disable-pip-version-check --no-input -r "$REQ"
"$VENV/bin/python3" -c 'import async_upnp_client.server, aiohttp'
cp "$REQ" "$STAMP"
echo "tests/lab/igd/setup.sh: ready ($VENV)" >&2
