#!/usr/bin/env bash
# Restores a dump made by impacte-backup.sh into a NEW database (never over a live one by accident):
#   impacte-restore.sh /var/backups/impacte/impacte-20261130T021500Z.dump [target-database]
# Default target: impacte_restored_<UTC stamp>. Run as postgres. With --replace the target may exist and is dropped
# first: stop the Apis and Workers before replacing the live database (README "Running in production").
# The restored objects are owned by RESTORE_OWNER (default impacte, the role the apps sign in as).
set -euo pipefail

replace=0
if [ "${1:-}" = "--replace" ]; then replace=1; shift; fi
dump=${1:?usage: impacte-restore.sh [--replace] DUMP [TARGET_DATABASE]}
target=${2:-impacte_restored_$(date -u +%Y%m%dT%H%M%SZ)}
owner=${RESTORE_OWNER:-impacte}

[ -r "$dump" ] || { echo "restore: cannot read $dump" >&2; exit 1; }
pg_restore --list "$dump" >/dev/null || { echo "restore: $dump is not a pg_dump custom-format archive" >&2; exit 1; }
case "$target" in *[!a-zA-Z0-9_]*) echo "restore: database names are letters, digits and _ only" >&2; exit 1;; esac

exists=$(psql -d postgres -XAtc "SELECT 1 FROM pg_database WHERE datname = '$target'")
if [ "$exists" = 1 ]; then
  [ "$replace" = 1 ] || { echo "restore: database $target exists (use --replace to drop it first)" >&2; exit 1; }
  psql -d postgres -Xqc "DROP DATABASE \"$target\" WITH (FORCE)"
fi
psql -d postgres -Xqc "CREATE DATABASE \"$target\" OWNER \"$owner\""

# One transaction: a restore that fails half-way leaves an empty database, not a half-filled one.
pg_restore --dbname="$target" --no-owner --role="$owner" --single-transaction --exit-on-error "$dump"
psql -d "$target" -XAtc "ANALYZE" >/dev/null
echo "restore: $dump -> database $target"
psql -d "$target" -XAtc "SELECT 'restore: ' || count(*) || ' tables' FROM pg_tables WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
