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
  if ! command -v chromium >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    echo "Installing Debian's chromium (image export, browser tests)…"
    if [ "$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo"; fi
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium >/dev/null
  fi
}

case "${1:-}" in
  app)
    install
    exec "$VENV/bin/python" -m streamlit run app.py --server.headless true --server.port "${PORT:-8501}"
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
