#!/usr/bin/env bash
# Development server plus one task worker; Ctrl-C stops both.
set -euo pipefail
HOST=${1:-127.0.0.1}
PORT=${2:-8000}
PY=${PY:-.venv/bin/python}

"$PY" manage.py db_worker --queue-name "*" &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM

# `make setup` loaded the demo agency and printed its logins just before this.
echo "PeerWork is at http://$HOST:$PORT/  (Ctrl-C stops the server and the worker)"
"$PY" manage.py runserver "$HOST:$PORT"
