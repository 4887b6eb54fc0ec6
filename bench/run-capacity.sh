#!/usr/bin/env bash
# Capacity (issue 13): a national-scale network (7,000 practices, 100,000 members, 1,000,000 questions, 100,000 practice
# changes with 2,000,000 measurements, and meetings, RSVPs, appraisals, papers, audit events in proportion) in a fresh
# database of its own, and the main pages and API reads timed on it against the demo network in the same run.
# Usage: bench/run-capacity.sh [scale=1.0]. KEEP=1 keeps both databases; MEASURE_ONLY=1 reuses kept ones.
# RUNS (100) and WARMUP (10) set the requests per read. Needs local PostgreSQL (source /work/devtools/env.sh). Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
SCALE=${1:-1.0}
SERVER=${IMPACTE_BENCH_SERVER:-Host=/var/run/postgresql}
BASELINE=impacte_capacity_demo
CAPACITY=impacte_capacity
API=src/Impacte.Api/bin/Release/net10.0/Impacte.Api.dll
BENCH=bench/Impacte.Bench.Capacity/bin/Release/net10.0/Impacte.Bench.Capacity.dll

dotnet build src/Impacte.Api -c Release -v quiet -nologo -clp:ErrorsOnly
dotnet build bench/Impacte.Bench.Capacity -c Release -v quiet -nologo -clp:ErrorsOnly

psql_admin() { psql -d postgres -v ON_ERROR_STOP=1 -qAtc "$1"; }
if [ "${MEASURE_ONLY:-0}" != 1 ]; then
  for db in $BASELINE $CAPACITY; do
    psql_admin "DROP DATABASE IF EXISTS $db WITH (FORCE)"
    psql_admin "CREATE DATABASE $db"
    # Migrations and the demo network (its accounts sign in for the timings), as a demo server is set up.
    (cd "$(dirname $API)" && ASPNETCORE_ENVIRONMENT=Development ConnectionStrings__Impacte="$SERVER;Database=$db" dotnet Impacte.Api.dll seed)
  done
  echo "== generating the national network (scale $SCALE) into $CAPACITY"
  dotnet $BENCH generate --database $CAPACITY --scale "$SCALE"
fi
echo "== timings: $BASELINE (demo network) vs $CAPACITY, ms"
dotnet $BENCH measure --baseline $BASELINE --database $CAPACITY --runs "${RUNS:-100}" --warmup "${WARMUP:-10}"
if [ "${KEEP:-0}" != 1 ]; then
  psql_admin "DROP DATABASE IF EXISTS $BASELINE WITH (FORCE)"
  psql_admin "DROP DATABASE IF EXISTS $CAPACITY WITH (FORCE)"
fi
