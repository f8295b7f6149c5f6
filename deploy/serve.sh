#!/usr/bin/env bash
# `make serve`: the production shape on one machine. The Procfile's processes, under honcho:
# gunicorn serves the app on 127.0.0.1:$APP_PORT (PORT+1) and $TASK_WORKERS task workers (1)
# run the queue; Varnish, with deploy/varnish/site.vcl, answers on 127.0.0.1:$PORT in front of
# gunicorn, and the worker purges it after each change. Ctrl-C stops them all.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${PORT:-8000}
APP_PORT=${APP_PORT:-$((PORT + 1))}
VENV=${VENV:-.venv}
RUN_DIR="$ROOT/var/varnish"
VARNISHD=${VARNISHD:-$(command -v varnishd || echo /usr/sbin/varnishd)}

if [ ! -x "$VARNISHD" ]; then
  echo "varnishd was not found: make serve runs the site behind Varnish, as in production."
  echo "Install Debian's packages and run make serve again:"
  echo "    sudo apt-get install varnish varnish-modules"
  exit 1
fi

# The probe's Host must be one the app accepts (the first of ALLOWED_HOSTS), or /healthz
# answers 400 and Varnish takes the app for down.
probe_host=${ALLOWED_HOSTS:-127.0.0.1}
probe_host=${probe_host%%,*}
probe_host=${probe_host#.}
[ "$probe_host" = "*" ] && probe_host=127.0.0.1

mkdir -p "$RUN_DIR"
cat >"$RUN_DIR/local.vcl" <<EOF
# Written by deploy/serve.sh for make serve; found before deploy/varnish/local.vcl.
backend default {
    .host = "127.0.0.1";
    .port = "$APP_PORT";
    .host_header = "$probe_host";
}

acl purgers {
    "127.0.0.1";
    "::1";
}
EOF

# -j none: run as whoever runs make (as root, varnishd would otherwise compile the VCL as
# an unprivileged user who may not be able to read var/varnish).
varnish=("$VARNISHD" -j none -n "$RUN_DIR/run" -a "127.0.0.1:$PORT" -s malloc,256m
  -p "vcl_path=$RUN_DIR:$ROOT/deploy/varnish" -f "$ROOT/deploy/varnish/site.vcl")
if ! compiled=$("${varnish[@]}" -C 2>&1 >/dev/null); then
  echo "$compiled" | tail -n 8
  if grep -q xkey <<<"$compiled"; then
    echo "The xkey module is missing: sudo apt-get install varnish-modules"
  fi
  exit 1
fi

"$VENV/bin/python" manage.py collectstatic --noinput --verbosity 0
"$VENV/bin/python" manage.py migrate --noinput
"$VENV/bin/python" manage.py social_cards

# The app purges this Varnish, and reads the client's address from the X-Forwarded-For
# header Varnish adds (one proxy; two with a TLS proxy in front).
export HTTP_CACHE_PURGE_URLS=${HTTP_CACHE_PURGE_URLS:-http://127.0.0.1:$PORT/}
export ALLAUTH_TRUSTED_PROXY_COUNT=${ALLAUTH_TRUSTED_PROXY_COUNT:-1}
RELEASE_ID=${RELEASE_ID:-$(git rev-parse --short HEAD 2>/dev/null || true)}
export RELEASE_ID

pids=()
stop() {
  trap - INT TERM EXIT
  kill "${pids[@]}" 2>/dev/null || true
  wait "${pids[@]}" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT

# Only Varnish may reach gunicorn here; WEB_CONCURRENCY is gunicorn's own count of processes.
export GUNICORN_CMD_ARGS="--bind 127.0.0.1:$APP_PORT ${GUNICORN_CMD_ARGS:-}"
export WEB_CONCURRENCY=${WEB_CONCURRENCY:-2}
PATH="$(cd "$VENV/bin" && pwd):$PATH" "$VENV/bin/honcho" start --port "$APP_PORT" \
  --concurrency "worker=${TASK_WORKERS:-1}" &
pids+=($!)
"${varnish[@]}" -F &
pids+=($!)
echo "Serving http://127.0.0.1:$PORT/ (Varnish) in front of gunicorn on 127.0.0.1:$APP_PORT,"
echo "with ${TASK_WORKERS:-1} task worker(s). Ctrl-C stops them all."
# Whichever stops first (a crash, a port already taken) stops the other.
wait -n "${pids[@]}"
