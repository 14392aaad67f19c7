#!/usr/bin/env bash
# Schemathesis (PyPI) for the emulator's contract test (test/emulator/schemathesis.test.ts), in a venv
# cached outside the repository:
#   ${FLASHBACK_TOOLS_CACHE:-~/.cache/flashback-iac/tools}/schemathesis-<version>/venv
#
#   bash scripts/schemathesis.sh ensure   # install once (a `.stamp` marks a finished install); prints the st path
#   bash scripts/schemathesis.sh path     # print the st path, exit 1 when it is not installed
#
# Knobs: SCHEMATHESIS_VERSION, PYTHON (python3 binary), FLASHBACK_TOOLS_CACHE.
set -uo pipefail

SCHEMATHESIS_VERSION="${SCHEMATHESIS_VERSION:-4.32.5}"
PYTHON="${PYTHON:-python3}"
CACHE="${FLASHBACK_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/flashback-iac/tools}"
DIR="$CACHE/schemathesis-$SCHEMATHESIS_VERSION"
ST="$DIR/venv/bin/st"

installed() { [[ -f "$DIR/.stamp" && -x "$ST" ]]; }

install() {
  mkdir -p "$CACHE" || return 1
  # One installer at a time: concurrent test runs share the cache.
  exec 9>"$CACHE/.schemathesis.lock"
  flock 9
  installed && return 0
  rm -rf "$DIR"
  mkdir -p "$DIR" || return 1
  "$PYTHON" -m venv "$DIR/venv" || return 1
  "$DIR/venv/bin/python" -m pip install --disable-pip-version-check --no-input -q "schemathesis==$SCHEMATHESIS_VERSION" || return 1
  "$ST" --version >/dev/null || return 1
  touch "$DIR/.stamp"
}

case "${1:-}" in
  ensure)
    if ! installed && ! install; then
      echo "[schemathesis] installing schemathesis==$SCHEMATHESIS_VERSION from PyPI into $DIR failed" >&2
      exit 1
    fi
    echo "$ST"
    ;;
  path)
    installed || { echo "[schemathesis] not installed: run bash scripts/schemathesis.sh ensure" >&2; exit 1; }
    echo "$ST"
    ;;
  *)
    echo "usage: $0 ensure|path" >&2
    exit 2
    ;;
esac
