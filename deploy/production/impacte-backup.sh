#!/usr/bin/env bash
# Nightly backup of IMPACTE's database: pg_dump in custom format (compressed, restorable table by table with
# pg_restore), checked by reading its table of contents back, then renamed into place; older dumps rotated out.
# Runs as postgres (impacte-backup.service). Settings (environment, /etc/impacte/backup.env): PGDATABASE, BACKUP_DIR,
# BACKUP_KEEP_DAYS, BACKUP_KEEP_MIN; PGHOST/PGPORT/PGUSER as libpq reads them (default: the local Unix socket).
set -euo pipefail

DATABASE=${PGDATABASE:-impacte}
DIR=${BACKUP_DIR:-/var/backups/impacte}
KEEP_DAYS=${BACKUP_KEEP_DAYS:-14}
KEEP_MIN=${BACKUP_KEEP_MIN:-3}

mkdir -p "$DIR"
stamp=$(date -u +%Y%m%dT%H%M%SZ)
final="$DIR/$DATABASE-$stamp.dump"
partial="$final.partial"
trap 'rm -f "$partial"' EXIT

# One consistent snapshot (pg_dump's own transaction); the Apis and Workers keep running meanwhile.
pg_dump --format=custom --compress=6 --dbname="$DATABASE" --file="$partial"
# A dump that pg_restore cannot list is no backup: fail loudly (the unit fails, the journal says why).
pg_restore --list "$partial" >/dev/null
mv "$partial" "$final"
trap - EXIT
echo "backup: $final ($(du -h "$final" | cut -f1))"

# Rotation: keep the newest KEEP_MIN whatever their age, delete the rest once older than KEEP_DAYS.
mapfile -t dumps < <(ls -1t "$DIR/$DATABASE"-*.dump 2>/dev/null)
for old in "${dumps[@]:$KEEP_MIN}"; do
  if [ -n "$(find "$old" -maxdepth 0 -mtime +"$((KEEP_DAYS - 1))")" ]; then
    rm -f -- "$old" && echo "backup: rotated out $old"
  fi
done
