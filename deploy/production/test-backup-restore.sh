#!/usr/bin/env bash
# Round trip of impacte-backup.sh and impacte-restore.sh on scratch databases, outside the test run:
#   PGHOST=/var/run/postgresql PGPORT=5441 deploy/production/test-backup-restore.sh [source-database]
# (default source: the local cluster's `impacte`, deploy/local/cluster.sh). Run as a PostgreSQL superuser.
# 1. backs the source up and restores it into scratch database A (the live path: the source may be busy);
# 2. backs A up (nobody uses it) and restores it into scratch database B, and checks A and B are identical table by
#    table (row count and an md5 of every row), that the triggers came back (the audit trail still refuses UPDATE),
#    that restoring over an existing database is refused without --replace, and that rotation deletes old dumps
#    but keeps the newest ones. Drops its scratch databases and files at the end.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
SOURCE=${1:-impacte}
TMP=$(mktemp -d)
A="impacte_rt_a_$$" B="impacte_rt_b_$$"
export RESTORE_OWNER=${RESTORE_OWNER:-$(id -un)}
cleanup() { psql -d postgres -Xqc "DROP DATABASE IF EXISTS $A WITH (FORCE)" -c "DROP DATABASE IF EXISTS $B WITH (FORCE)" >/dev/null 2>&1 || true; rm -rf "$TMP"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

fingerprint() {
  local db=$1 table
  for table in $(psql -d "$db" -XAtc "SELECT quote_ident(schemaname) || '.' || quote_ident(tablename) FROM pg_tables
                                       WHERE schemaname NOT IN ('pg_catalog', 'information_schema') ORDER BY 1"); do
    psql -d "$db" -XAtc "SELECT '$table ' || count(*) || ' ' || coalesce(md5(string_agg(t::text, '|' ORDER BY t::text)), '-') FROM $table t"
  done
  psql -d "$db" -XAtc "SELECT 'triggers ' || count(*) FROM pg_trigger WHERE NOT tgisinternal"
  psql -d "$db" -XAtc "SELECT 'functions ' || count(*) FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname NOT IN ('pg_catalog', 'information_schema')"
  psql -d "$db" -XAtc "SELECT 'indexes ' || count(*) FROM pg_indexes WHERE schemaname NOT IN ('pg_catalog', 'information_schema')"
}

echo "1. backup of $SOURCE, restore into $A"
BACKUP_DIR="$TMP/one" PGDATABASE="$SOURCE" "$HERE/impacte-backup.sh"
"$HERE/impacte-restore.sh" "$(ls "$TMP"/one/*.dump)" "$A"
[ "$(psql -d "$A" -XAtc "SELECT count(*) FROM users")" -gt 0 ] || fail "no users restored into $A"

echo "2. backup of $A, restore into $B, compare"
BACKUP_DIR="$TMP/two" PGDATABASE="$A" "$HERE/impacte-backup.sh"
dump=$(ls "$TMP"/two/*.dump)
"$HERE/impacte-restore.sh" "$dump" "$B"
fingerprint "$A" >"$TMP/a.txt"
fingerprint "$B" >"$TMP/b.txt"
diff "$TMP/a.txt" "$TMP/b.txt" || fail "$B differs from $A"
echo "   identical: $(grep -vc '^\(triggers\|functions\|indexes\) ' "$TMP/a.txt") tables, $(( $(awk '$2 ~ /^[0-9]+$/ && NF == 3 {s += $2} END {print s}' "$TMP/a.txt") )) rows; $(grep '^triggers\|^indexes' "$TMP/a.txt" | tr '\n' ' ')"

if psql -d "$B" -XAtc "SELECT 1 FROM pg_tables WHERE tablename = 'audit_events'" | grep -q 1; then
  if [ "$(psql -d "$B" -XAtc "SELECT count(*) FROM audit_events")" != 0 ]; then
    if psql -d "$B" -XAtc "UPDATE audit_events SET id = id" >/dev/null 2>&1; then fail "the restored audit trail accepts UPDATE"; fi
    echo "   audit_events still refuses UPDATE after the restore"
  else
    echo "   audit_events is empty; its triggers: $(psql -d "$B" -XAtc "SELECT string_agg(tgname, ' ') FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass AND NOT tgisinternal")"
  fi
fi

echo "3. restoring over an existing database needs --replace"
if "$HERE/impacte-restore.sh" "$dump" "$B" 2>/dev/null; then fail "restore over $B was not refused"; fi
"$HERE/impacte-restore.sh" --replace "$dump" "$B" >/dev/null
fingerprint "$B" | diff -q "$TMP/a.txt" - >/dev/null || fail "--replace restore differs"

echo "4. rotation keeps the newest and deletes the old"
mkdir -p "$TMP/rot"
for d in 40 30 20 10 5 1; do
  cp "$dump" "$TMP/rot/$A-old$d.dump"; touch -d "$d days ago" "$TMP/rot/$A-old$d.dump"
done
BACKUP_DIR="$TMP/rot" PGDATABASE="$A" BACKUP_KEEP_DAYS=14 BACKUP_KEEP_MIN=3 "$HERE/impacte-backup.sh" >/dev/null
left=$(cd "$TMP/rot" && ls -1 | sed "s/^$A-//" | sort | tr '\n' ' ')
[ "$(ls "$TMP/rot" | wc -l)" = 4 ] && ! ls "$TMP/rot" | grep -q 'old20\|old30\|old40' || fail "rotation left: $left"
echo "   left after rotation (14 days, newest 3 always): $left"
echo "backup/restore round trip: ok"
