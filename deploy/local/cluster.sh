#!/usr/bin/env bash
# The production topology on one machine, for the fault suite (faults.sh): nginx (Debian's) terminating TLS and
# balancing over two Apis, two Workers, one PostgreSQL, and an SMTP sink that logs each message's Message-ID.
# Everything is this script's own: its own PostgreSQL cluster (15/impacte_cluster on port 5441), its own sink, its
# own ports (58xx), state and logs in .run/cluster/. It never touches the machine's main PostgreSQL or MailDev.
#
#   deploy/local/cluster.sh up        build (Release), create/start everything, migrate and seed the demo network
#   deploy/local/cluster.sh down      stop everything it started (its PostgreSQL cluster too; data kept)
#   deploy/local/cluster.sh status    what runs, with pids and ports
#   deploy/local/cluster.sh purge     down, then drop its PostgreSQL cluster and .run/cluster/
#   deploy/local/cluster.sh kill NAME | start NAME | stop NAME    one process: api1 api2 worker1 worker2 (kill = SIGKILL)
#
# https://127.0.0.1:5843 (self-signed), Apis on 127.0.0.1:5801/5802, PostgreSQL on 5441, SMTP sink on 5825.
# Needs root (apt, pg_createcluster). Not part of the test run.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"

CL="$RUN/cluster"
PIDS="$CL/pids"
mkdir -p "$CL" "$PIDS"
PG_CLUSTER=impacte_cluster
PG_PORT=${CLUSTER_PG_PORT:-5441}
NGINX_PORT=${CLUSTER_HTTPS_PORT:-5843}
NGINX_HTTP_PORT=${CLUSTER_HTTP_PORT:-5880}
SINK_PORT=${CLUSTER_SMTP_PORT:-5825}
API_PORTS=(5801 5802)
DATABASE=impacte
CONNECTION="Host=/var/run/postgresql;Port=$PG_PORT;Database=$DATABASE;Username=root;Maximum Pool Size=40"
export CLUSTER_CONNECTION="$CONNECTION"

pid_of() { [ -s "$PIDS/$1.pid" ] && cat "$PIDS/$1.pid"; }
alive() { local pid; pid=$(pid_of "$1") && kill -0 "$pid" 2>/dev/null; }

# Settings shared by the Apis and Workers: what impacte.env says in production, pointed at this cluster's parts.
app_env() {
  export ConnectionStrings__Impacte="$CONNECTION"
  export Smtp__Host=127.0.0.1 Smtp__Port=$SINK_PORT
  export Email__PublicBaseUrl="https://127.0.0.1:$NGINX_PORT" Email__MessageIdDomain=cluster.impacte.local
  export DataProtection__CertificatePath="$CL/keyring.pfx" DataProtection__CertificatePassword="$(cat "$CL/keyring.password")"
  export ForwardedHeaders__KnownProxies=127.0.0.1 Https__Required=true Https__Port=$NGINX_PORT
  export SignInAudit__EmailHashKey="$(cat "$CL/emailhash.key")"
  export ASPNETCORE_ENVIRONMENT=Production DOTNET_ENVIRONMENT=Production
  # The fault suite's reading packs start within seconds of a meeting being added (production: 30 s).
  export Meetings__PollSeconds=${CLUSTER_MEETINGS_POLL_SECONDS:-2}
  # Chunks of 20 rows (production: 500), so a 1,000-member fan-out spans fifty commits and a kill lands inside it
  # (with 100, on a quiet machine, the fan-out was often over before the kill).
  export Meetings__ChunkSize=${CLUSTER_MEETINGS_CHUNK_SIZE:-20}
  export Logging__LogLevel__Default=Warning Logging__LogLevel__Impacte=Information
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
}

# One app process, detached (it outlives this script), its pid in .run/cluster/pids/.
launch() {
  local name=$1 dir=$2; shift 2
  ( app_env; cd "$ROOT/src/$dir" && exec setsid "$@" ) >>"$CL/$name.log" 2>&1 </dev/null &
  echo $! >"$PIDS/$name.pid"
}

start_one() {
  local name=$1
  alive "$name" && { echo "$name already runs (pid $(pid_of "$name"))"; return 0; }
  case $name in
    api1|api2)
      local port=${API_PORTS[${name#api} - 1]}
      ASPNETCORE_URLS="http://127.0.0.1:$port" launch "$name" Impacte.Api dotnet bin/Release/net10.0/Impacte.Api.dll ;;
    worker1|worker2)
      # Each Worker scrapes on a port of its own (two on one port: the second would not start).
      Metrics__Port=$((5890 + ${name#worker})) Jobs__ServerName="$name" launch "$name" Impacte.Worker dotnet bin/Release/net10.0/Impacte.Worker.dll ;;
    *) echo "unknown process $name (api1 api2 worker1 worker2)" >&2; return 1 ;;
  esac
}

stop_one() {
  local name=$1 signal=${2:-TERM} pid
  pid=$(pid_of "$name") || return 0
  kill -"$signal" "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$PIDS/$name.pid"
}

ensure_pg_cluster() {
  apt_install "postgresql-$PG_VERSION"
  if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER"; then
    say "Creating PostgreSQL cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" --start-conf=manual >/dev/null
    # Small: the machine is shared. Checkpoints as in production (fsync on).
    pg_conftool "$PG_VERSION" "$PG_CLUSTER" set shared_buffers 128MB
    pg_conftool "$PG_VERSION" "$PG_CLUSTER" set max_connections 200
  fi
  if ! pg_lsclusters -h | awk '{print $1" "$2" "$4}' | grep -qx "$PG_VERSION $PG_CLUSTER online"; then
    say "Starting PostgreSQL $PG_VERSION/$PG_CLUSTER"
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start
  fi
  for _ in $(seq 1 60); do su postgres -c "psql -p $PG_PORT -qAtc 'select 1'" >/dev/null 2>&1 && break; sleep 0.5; done
  su postgres -c "psql -p $PG_PORT -qAtc \"select 1 from pg_roles where rolname = 'root'\"" | grep -q 1 \
    || su postgres -c "psql -p $PG_PORT -qc 'create role root login superuser'"
  psql -p "$PG_PORT" -d postgres -qAtc "select 1 from pg_database where datname = '$DATABASE'" | grep -q 1 \
    || psql -p "$PG_PORT" -d postgres -qc "create database $DATABASE"
}

ensure_secrets() {
  [ -s "$CL/emailhash.key" ] || (umask 077; openssl rand -hex 32 >"$CL/emailhash.key")
  if [ ! -s "$CL/keyring.pfx" ]; then
    ( umask 077
      openssl rand -hex 24 >"$CL/keyring.password"
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=IMPACTE cluster key ring" \
        -keyout "$CL/keyring.key" -out "$CL/keyring.crt" 2>/dev/null
      openssl pkcs12 -export -inkey "$CL/keyring.key" -in "$CL/keyring.crt" -out "$CL/keyring.pfx" -passout "file:$CL/keyring.password"
      rm -f "$CL/keyring.key" "$CL/keyring.crt" )
  fi
  if [ ! -s "$CL/tls.crt" ]; then
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=127.0.0.1" \
      -keyout "$CL/tls.key" -out "$CL/tls.crt" 2>/dev/null
  fi
}

# nginx's configuration is the production site (deploy/production/impacte.nginx.conf) with this cluster's ports,
# certificate and paths, inside a main file of its own, so the fault suite tests the site as shipped.
write_nginx_conf() {
  mkdir -p "$CL/nginx/tmp"
  chown www-data "$CL/nginx/tmp"
  sed -e "s#127.0.0.1:5001#127.0.0.1:${API_PORTS[0]}#; s#127.0.0.1:5002#127.0.0.1:${API_PORTS[1]}#" \
      -e "s#listen 443 ssl http2;#listen 127.0.0.1:$NGINX_PORT ssl http2;#; s#listen 80;#listen 127.0.0.1:$NGINX_HTTP_PORT;#" \
      -e '/listen \[::\]/d' -e "s#server_name impacte.example.nhs.uk;#server_name 127.0.0.1 localhost;#" \
      -e "s#/etc/letsencrypt/live/impacte.example.nhs.uk/fullchain.pem#$CL/tls.crt#" \
      -e "s#/etc/letsencrypt/live/impacte.example.nhs.uk/privkey.pem#$CL/tls.key#" \
      -e "s#shared:impacte_ssl:10m#shared:impacte_cluster_ssl:10m#" \
      -e "s#return 301 https://\$host\$request_uri;#return 301 https://\$host:$NGINX_PORT\$request_uri;#" \
      "$ROOT/deploy/production/impacte.nginx.conf" >"$CL/nginx/site.conf"
  cat >"$CL/nginx/nginx.conf" <<CONF
user www-data;
worker_processes 1;
pid $CL/nginx/nginx.pid;
error_log $CL/nginx/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  access_log $CL/nginx/access.log;
  client_body_temp_path $CL/nginx/tmp/body;
  proxy_temp_path $CL/nginx/tmp/proxy;
  fastcgi_temp_path $CL/nginx/tmp/fastcgi;
  uwsgi_temp_path $CL/nginx/tmp/uwsgi;
  scgi_temp_path $CL/nginx/tmp/scgi;
  include $CL/nginx/site.conf;
}
CONF
  nginx -t -q -c "$CL/nginx/nginx.conf" -p "$CL/nginx"
}

nginx_alive() { [ -s "$CL/nginx/nginx.pid" ] && kill -0 "$(cat "$CL/nginx/nginx.pid")" 2>/dev/null; }

up() {
  command -v nginx >/dev/null || apt_install nginx-light
  command -v wrk >/dev/null || apt_install wrk
  command -v dotnet >/dev/null || { echo "The .NET SDK is missing (see global.json)." >&2; exit 1; }
  ensure_pg_cluster
  ensure_secrets

  if [ -z "${CLUSTER_NO_BUILD:-}" ]; then
    say "Building (Release)"
    dotnet build src/Impacte.Api -c Release -v quiet -nologo -clp:ErrorsOnly
    dotnet build src/Impacte.Worker -c Release -v quiet -nologo -clp:ErrorsOnly
  fi

  if ! alive sink; then
    say "Starting the SMTP sink on 127.0.0.1:$SINK_PORT"
    ( exec setsid python3 "$ROOT/deploy/local/smtp_sink.py" "$SINK_PORT" "$CL/sink.log" ) >>"$CL/sink.stderr" 2>&1 </dev/null &
    echo $! >"$PIDS/sink.pid"
    wait_for_port 127.0.0.1 "$SINK_PORT" "The SMTP sink"
  fi

  say "Migrating and loading the demo network"
  ( app_env; dotnet src/Impacte.Api/bin/Release/net10.0/Impacte.Api.dll seed --demo ) >>"$CL/seed.log" 2>&1 \
    || { echo "seed failed (see $CL/seed.log)" >&2; exit 1; }

  say "Starting two Apis and two Workers"
  for name in api1 api2 worker1 worker2; do start_one "$name"; done
  wait_for_port 127.0.0.1 "${API_PORTS[0]}" "api1"
  wait_for_port 127.0.0.1 "${API_PORTS[1]}" "api2"

  write_nginx_conf
  if nginx_alive; then nginx -c "$CL/nginx/nginx.conf" -p "$CL/nginx" -s reload
  else say "Starting nginx on https://127.0.0.1:$NGINX_PORT"; nginx -c "$CL/nginx/nginx.conf" -p "$CL/nginx"; fi
  wait_for_port 127.0.0.1 "$NGINX_PORT" nginx
  for _ in $(seq 1 60); do
    [ "$(curl -ks -o /dev/null -w '%{http_code}' "https://127.0.0.1:$NGINX_PORT/health/ready")" = 200 ] && break; sleep 1
  done
  status
}

down() {
  if nginx_alive; then nginx -c "$CL/nginx/nginx.conf" -p "$CL/nginx" -s quit || true; fi
  for name in api1 api2 worker1 worker2 sink; do stop_one "$name"; done
  if pg_lsclusters -h | awk '{print $1" "$2" "$4}' | grep -qx "$PG_VERSION $PG_CLUSTER online"; then
    pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
  fi
  say "Cluster stopped (data kept in PostgreSQL $PG_VERSION/$PG_CLUSTER; 'purge' drops it)"
}

status() {
  local name
  for name in api1 api2 worker1 worker2 sink; do
    if alive "$name"; then printf '%-8s up   pid %s\n' "$name" "$(pid_of "$name")"; else printf '%-8s down\n' "$name"; fi
  done
  if nginx_alive; then printf '%-8s up   pid %s  https://127.0.0.1:%s\n' nginx "$(cat "$CL/nginx/nginx.pid")" "$NGINX_PORT"
  else printf '%-8s down\n' nginx; fi
  printf '%-8s %s\n' postgres "$(pg_lsclusters -h | awk -v c="$PG_CLUSTER" '$2 == c {print $4"  port "$3}')"
  printf '%-8s %s\n' ready "$(curl -ks -o /dev/null -w '%{http_code}' --max-time 5 "https://127.0.0.1:$NGINX_PORT/health/ready" || true)"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  status) status ;;
  purge)
    down
    pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$PG_VERSION $PG_CLUSTER" && pg_dropcluster "$PG_VERSION" "$PG_CLUSTER"
    rm -rf "$CL" ;;
  start) start_one "${2:?name}" ;;
  stop) stop_one "${2:?name}" TERM ;;
  kill) stop_one "${2:?name}" KILL ;;
  *) sed -n '2,16p' "$0"; exit 2 ;;
esac
