#!/usr/bin/env bash
# Reading-pack fan-out to N members through the outbox into postfix's smtp-sink, next to a bare MailKit loop
# over the same number of connections and postfix's smtp-source into the same sink, all in one run.
# Usage: bench/run-mail.sh [connections=16] [members=5000]. Needs root (apt) and local PostgreSQL. Not part of the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
CONNECTIONS=${1:-16}
MEMBERS=${2:-5000}
PORT=${BENCH_SMTP_PORT:-2525}

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

dotnet build bench/MailBench -c Release -v quiet -nologo >/dev/null
echo "== bare MailKit, IMPACTE outbox and whole reading pack, $CONNECTIONS connections, $MEMBERS emails"
dotnet bench/MailBench/bin/Release/net10.0/MailBench.dll --port "$PORT" --connections "$CONNECTIONS" --members "$MEMBERS" | tee /tmp/impacte-bench.txt

# The transport's own limit: postfix's client, same sessions, a message of about the reading pack's size (KB).
SIZE=$(( $(grep -o 'message_bytes=[0-9]*' /tmp/impacte-bench.txt | cut -d= -f2) ))
START=$(date +%s.%N)
smtp-source -s "$CONNECTIONS" -m "$MEMBERS" -l "$SIZE" -f bench@example.org -t sink@example.org 127.0.0.1:$PORT
END=$(date +%s.%N)
echo "smtp_source emails=$MEMBERS sessions=$CONNECTIONS size_bytes=$SIZE total_s=$(echo "$END - $START" | bc -l | xargs printf '%.2f') emails_per_s=$(echo "$MEMBERS / ($END - $START)" | bc -l | xargs printf '%.0f')"
