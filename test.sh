#!/usr/bin/env bash
# Runs the whole test suite after setting up what it needs (PostgreSQL included).
# Arguments go to pytest (e.g. -k import, -x).
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
install_system_packages "${APP_PACKAGES[@]}" "${TEST_PACKAGES[@]}"
ensure_venv dev
cd "$ROOT"
export QT_QPA_PLATFORM=offscreen
set +e
"$VENV/bin/python" -m pytest "$@"
code=$?
set -e
if [ "$code" -eq 5 ]; then
  echo "ERROR: pytest collected no tests; the suite is missing or the selection matched nothing." >&2
fi
exit "$code"
