#!/usr/bin/env bash
# A digest to N members (each their own: compose + write to the outbox + send) into postfix's smtp-sink, next to a bare
# MailKit loop sending one digest over the same connections into the same sink, in one run.
# Usage: bench/run-digest.sh [connections=16] [members=5000]. Needs root (apt) and local PostgreSQL. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-16}
MEMBERS=${2:-5000}
PORT=${BENCH_SMTP_PORT:-2526}

if ! command -v smtp-sink >/dev/null; then
  # Preseeded so that installing postfix configures and starts no mail system of its own.
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  DEBIAN_FRONTEND=noninteractive apt-get install -y postfix >/dev/null
fi

# The sink accepts everything and stores nothing; as root it must drop to an unprivileged user.
smtp-sink -u nobody 127.0.0.1:$PORT 1024 &
SINK=$!
trap 'kill $SINK 2>/dev/null || true' EXIT
sleep 1

dotnet build bench/DigestBench -c Release -v quiet -nologo >/dev/null
echo "== digest to $MEMBERS members: bare MailKit vs IMPACTE compose + outbox + send, $CONNECTIONS connections"
dotnet bench/DigestBench/bin/Release/net10.0/DigestBench.dll --port "$PORT" --connections "$CONNECTIONS" --members "$MEMBERS"
