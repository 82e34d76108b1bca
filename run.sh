#!/usr/bin/env bash
# Two set-up commands for a fresh machine (see README):
#   bash run.sh app    install everything, open the dashboard on the bundled corpus
#   bash run.sh test   install everything, run the whole test suite
set -euo pipefail
cd "$(dirname "$0")"

PY=${PYTHON:-python3}
VENV=.venv

install() {
  if [ ! -x "$VENV/bin/python" ]; then
    "$PY" -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --upgrade pip
  "$VENV/bin/python" -m pip install --quiet -r requirements.txt
  # chromium: image export and browser tests; fonts-dejavu-core: the one font of the screen and exports
  if { ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; } || ! fc-list 2>/dev/null | grep -q "DejaVu Sans"; then
    echo "Installing Debian's chromium and fonts-dejavu-core (image export, browser tests, export font)…"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
  fi
}

case "${1:-}" in
  app)
    install
    exec "$VENV/bin/python" -m ui.serve --server.headless true --server.port "${PORT:-8501}"
    ;;
  test)
    install
    exec "$VENV/bin/python" -m pytest -q tests
    ;;
  *)
    echo "usage: bash run.sh app|test" >&2
    exit 2
    ;;
esac
