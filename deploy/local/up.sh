#!/usr/bin/env bash
# Brings IMPACTE up on this machine with the demo network: PostgreSQL, MailDev, the Api on :5080 and one Worker.
# Ctrl-C stops what it started. Run it again and it reuses what is already there.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

ensure_dotnet
ensure_postgres
ensure_maildev
ensure_key_ring_certificate

say "Building"
dotnet build Impacte.sln -c Release -v quiet -nologo -clp:ErrorsOnly

say "Migrating and loading the demo network"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
dotnet run --project src/Impacte.Api -c Release --no-build --no-launch-profile -- seed

say "Starting the Api and a Worker"
start_app Impacte.Api Release --urls "http://127.0.0.1:5080"
# The demo chases at any hour, so its overdue re-audit is chased now rather than at the next 09:00 on a working day;
# and sends digests on any day at any hour, so gp@example.org's is in MailDev shortly after start.
Chasers__AnyHour=true Digests__AnyHour=true DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT" start_app Impacte.Worker Release
wait_for_port 127.0.0.1 5080 "The Api"

cat <<INFO

  IMPACTE is up.

    Web             http://127.0.0.1:5080
    API description http://127.0.0.1:5080/openapi/v1.json   (Swagger UI: /swagger)
    Health          http://127.0.0.1:5080/health/ready
    Email inbox     ${IMPACTE_MAILDEV_URL:-your SMTP relay}

  Demo sign-ins (password: ${IMPACTE_DEMO_PASSWORD:-Impacte-demo-2026!})
    admin@example.org        network admin
    librarian@example.org    librarian
    librarian2@example.org   librarian
    lead@example.org         lead of Willen Park Medical Centre (Milton Keynes)
    gp@example.org           member of Willen Park Medical Centre only

  Logs: .run/Api.log, .run/Worker.log. Press Ctrl-C to stop.

INFO
wait -n "${STARTED_PIDS[@]}" || true
say "A process stopped; shutting down (see .run/*.log)"
