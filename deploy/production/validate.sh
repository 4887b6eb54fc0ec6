#!/usr/bin/env bash
# Checks deploy/production/ on this machine without installing it: `bash -n` on the scripts, `systemd-analyze
# verify` on the units, and `nginx -t` on the site (with a self-signed certificate made in a temporary folder).
# The restore round trip is deploy/production/test-backup-restore.sh (it needs a PostgreSQL server).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failed=0
verify_unit() { local out; out=$(SYSTEMD_LOG_LEVEL=notice systemd-analyze verify --man=no "$1" 2>&1) || { echo "$out"; return 1; }; [ -z "$out" ] || { echo "$out"; return 1; }; }
check() { local what=$1; shift; if "$@" >"$TMP/out" 2>&1; then echo "ok    $what"; else echo "FAIL  $what"; sed 's/^/      /' "$TMP/out"; failed=1; fi; }

for script in "$HERE"/*.sh; do check "bash -n $(basename "$script")" bash -n "$script"; done

if command -v systemd-analyze >/dev/null; then
  # The units name paths of the installed system (/opt/impacte, /usr/local/lib/impacte, the impacte user); verify
  # them as installed, with those paths stood up in a throwaway root.
  mkdir -p "$TMP/units"
  cp "$HERE"/*.service "$HERE"/*.timer "$TMP/units/"
  cp "$TMP/units/impacte-api@.service" "$TMP/units/impacte-api@5001.service"
  sed -i "s#/usr/local/lib/impacte/#$HERE/#" "$TMP/units/impacte-backup.service"
  for unit in "$TMP"/units/impacte-api@5001.service "$TMP"/units/impacte-worker.service "$TMP"/units/impacte-migrate.service \
              "$TMP"/units/impacte-backup.service "$TMP"/units/impacte-backup.timer; do
    # `verify` exits non-zero on a missing executable but only warns on an unknown or misspelt directive: any
    # output at all is a failure.
    check "systemd-analyze verify $(basename "$unit")" verify_unit "$unit"
  done
else
  echo "skip  systemd-analyze (not installed)"
fi

if command -v nginx >/dev/null; then
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=impacte.example.nhs.uk" \
    -keyout "$TMP/privkey.pem" -out "$TMP/fullchain.pem" 2>/dev/null
  sed -e "s#/etc/letsencrypt/live/impacte.example.nhs.uk/#$TMP/#" "$HERE/impacte.nginx.conf" >"$TMP/site.conf"
  cat >"$TMP/nginx.conf" <<CONF
pid $TMP/nginx.pid;
error_log $TMP/error.log;
events {}
http {
  access_log off;
  include /etc/nginx/mime.types;
  include $TMP/site.conf;
}
CONF
  check "nginx -t impacte.nginx.conf" nginx -t -q -c "$TMP/nginx.conf" -p "$TMP"
else
  echo "skip  nginx -t (nginx not installed: apt-get install nginx-light)"
fi
exit $failed
