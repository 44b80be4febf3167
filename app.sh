#!/usr/bin/env bash
# Starts the desktop app on the workspace (a demo event is made when there is no data yet),
# after setting up what it needs. Arguments go to checkin-app (e.g. --db FILE, --lang en).
set -euo pipefail
source "$(dirname "$0")/scripts/bootstrap.sh"
install_system_packages "${APP_PACKAGES[@]}"
ensure_venv zbar
exec "$VENV/bin/checkin-app" "$@"
