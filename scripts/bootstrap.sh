#!/usr/bin/env bash
# Sets up what the app and the tests need: Debian packages (as root) and the project's .venv.
# Sourced by app.sh and test.sh; safe to run again (it only does what is missing).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"

# What the desktop app needs from the system: zbar for the optional decoder, a CJK font so Chinese
# never shows as boxes, Qt's xcb/EGL libraries, PulseAudio's client library for QtMultimedia.
APP_PACKAGES=(
  libzbar0 fonts-noto-cjk poppler-utils
  libegl1 libgl1 libglib2.0-0 libfontconfig1 libfreetype6 libdbus-1-3 libpulse0 libasound2
  libxkbcommon0 libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0
  libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1
  libxcb-xfixes0 libxcb-sync1 libxcb-shm0
)
# The tests also start a throwaway PostgreSQL server and rasterise PDFs.
TEST_PACKAGES=(postgresql)

missing_packages() {
  local pkg
  command -v dpkg-query >/dev/null 2>&1 || return 0
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || echo "$pkg"
  done
}

install_system_packages() {
  local missing
  missing=$(missing_packages "$@" | tr '\n' ' ')
  [ -z "${missing// /}" ] && return 0
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "NOTE: not a Debian-like system; install the equivalents of: $missing" >&2
    return 0
  fi
  if [ "$(id -u)" -eq 0 ]; then
    echo "==> apt-get install $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
  else
    echo "NOTE: some system packages are missing. Run this once, then start again:" >&2
    echo "    sudo apt-get install -y $missing" >&2
  fi
}

find_python() {
  local candidate
  for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      echo "$candidate"
      return 0
    fi
  done
  echo "ERROR: Python 3.11 or newer is needed (apt-get install python3 python3-venv)." >&2
  return 1
}

ensure_venv() {
  local extras="$1" python stamp
  if [ ! -x "$VENV/bin/python" ]; then
    python=$(find_python)
    echo "==> creating $VENV"
    "$python" -m venv "$VENV" || {
      echo "ERROR: could not create a virtual environment: apt-get install python3-venv" >&2
      return 1
    }
  fi
  # Reinstall only when pyproject.toml changed since the last install.
  stamp="$VENV/.installed-$extras-$(sha256sum "$ROOT/pyproject.toml" | cut -c1-16)"
  if [ ! -f "$stamp" ]; then
    echo "==> installing the project into $VENV"
    "$VENV/bin/python" -m pip install -q --upgrade pip >/dev/null
    "$VENV/bin/python" -m pip install -q -e "$ROOT[$extras]"
    rm -f "$VENV/.installed-$extras-"* && touch "$stamp"
  fi
}
