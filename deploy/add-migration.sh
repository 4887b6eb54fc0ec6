#!/usr/bin/env bash
# Adds an EF Core migration for what changed in the model since the last one:
#
#   deploy/add-migration.sh <Name>          e.g. deploy/add-migration.sh AuditChasers
#
# It also converts hand-written SQL migrations (src/Impacte.Domain/Migrations/*.sql and their one-line
# `: SqlMigration` classes, from branches begun before dotnet ef): it saves each .sql to .run/sql-migrations/,
# prints the statements the model cannot say, deletes the .sql and its class, and only then runs
# `dotnet ef migrations add`, which writes everything the model can say. Carry the printed statements that still
# matter into the new migration's Up as migrationBuilder.Sql(...) (see README, "Migrations").
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

name="${1:-}"
if [[ ! "$name" =~ ^[A-Z][A-Za-z0-9]*$ ]]; then
  echo "usage: deploy/add-migration.sh <Name>   (PascalCase, e.g. AuditChasers)" >&2
  exit 2
fi
MIGRATIONS=src/Impacte.Domain/Migrations
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

shopt -s nullglob
sql_files=("$MIGRATIONS"/*.sql)
if [ ${#sql_files[@]} -gt 0 ]; then
  mkdir -p .run/sql-migrations
  for sql in "${sql_files[@]}"; do
    cp "$sql" .run/sql-migrations/
    echo "== $sql (saved in .run/sql-migrations/): what the model cannot say, to carry over by hand if it still matters"
    # Tables, columns, indexes, keys and defaults come from the model; these do not.
    grep -niE 'trigger|function|procedure|extension|\bcheck\b|\bview\b|sequence|collat|policy|grant|comment on|^\s*(insert|update|delete)\b|do \$\$|notify|using (gist|brin|hash)' "$sql" \
      || echo "   (nothing: tables, columns and indexes only)"
    rm "$sql"
  done
  # The one-line classes of those migrations (": SqlMigration"); their base class is gone.
  grep -lE ':\s*SqlMigration\b' "$MIGRATIONS"/*.cs 2>/dev/null | while read -r cs; do
    echo "== removing $cs"
    rm "$cs"
  done
  if [ -f "$MIGRATIONS/SqlMigration.cs" ]; then rm "$MIGRATIONS/SqlMigration.cs"; fi
fi

dotnet tool restore >/dev/null
dotnet ef migrations add "$name" --project src/Impacte.Domain --startup-project src/Impacte.Domain

added=("$MIGRATIONS"/*_"$name".cs)
echo
echo "Added ${added[0]}. Read it; put any statement printed above that still matters in its Up as"
echo "migrationBuilder.Sql(...); then: dotnet test tests/Impacte.Domain.Tests --filter FullyQualifiedName~Migrations"
