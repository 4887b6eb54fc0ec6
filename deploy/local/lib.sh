# Shared by up.sh and test.sh: install what is missing, start what is not running, and stop on exit only
# what this script started. Sourced, not run.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOLS="$ROOT/.tools"
RUN="$ROOT/.run"
mkdir -p "$TOOLS" "$RUN"

MAILDEV_VERSION="2.2.1"
PG_VERSION="15"
STARTED_PIDS=()
STARTED_POSTGRES=0

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

cleanup() {
  local code=$?
  trap - EXIT INT TERM
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] && kill "$pid" 2>/dev/null || true
  done
  for pid in "${STARTED_PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
  if [ "$STARTED_POSTGRES" = 1 ]; then
    say "Stopping PostgreSQL (this script started it)"
    pg_ctlcluster "$PG_VERSION" main stop || true
  fi
  exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Root runs as itself; anyone else goes through sudo (which must be set up for them).
as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "This step needs root: run as root, or install sudo and allow $(id -un) to use it." >&2; exit 1
  fi
}
# A command as the postgres OS user (it owns the server and signs in to it by peer authentication).
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -c "$1"; else as_root -u postgres sh -c "$1"; fi; }

APT_UPDATED=0
apt_install() {
  local missing=()
  for pkg in "$@"; do dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "Installing ${missing[*]}"
  if [ "$APT_UPDATED" = 0 ]; then as_root apt-get update -qq; APT_UPDATED=1; fi
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

wait_for_port() {
  local host=$1 port=$2 what=$3
  for _ in $(seq 1 120); do port_open "$host" "$port" && return 0; sleep 0.5; done
  echo "$what did not start on $host:$port" >&2; return 1
}

# PostgreSQL: the connection string in ConnectionStrings__Impacte when given, else Debian's server on its Unix
# socket, where the current OS user signs in as a role of the same name (peer authentication: no password).
ensure_postgres() {
  if [ -n "${ConnectionStrings__Impacte:-}" ]; then
    say "Using the database in ConnectionStrings__Impacte"
    return 0
  fi
  apt_install "postgresql-$PG_VERSION" postgresql-client-common
  if ! pg_lsclusters -h 2>/dev/null | awk '{print $1" "$2" "$4}' | grep -q "^$PG_VERSION main online"; then
    pg_lsclusters -h | grep -q "^$PG_VERSION main" || as_root pg_createcluster "$PG_VERSION" main >/dev/null
    say "Starting PostgreSQL $PG_VERSION"
    as_root pg_ctlcluster "$PG_VERSION" main start
    STARTED_POSTGRES=1
  fi
  local me; me="$(id -un)"
  for _ in $(seq 1 60); do as_postgres "psql -qAtc 'select 1'" >/dev/null 2>&1 && break; sleep 0.5; done
  # CREATEDB: tests make a database per test class. Local only: the socket accepts this machine's users alone.
  as_postgres "psql -qAtc \"select 1 from pg_roles where rolname = '$me'\"" | grep -q 1 \
    || as_postgres "psql -qc 'create role \"$me\" login createdb'"
  psql -h /var/run/postgresql -d postgres -qAtc "select 1 from pg_database where datname = 'impacte'" | grep -q 1 \
    || psql -h /var/run/postgresql -d postgres -qc "create database impacte"
  export ConnectionStrings__Impacte="Host=/var/run/postgresql;Database=impacte;Username=$me"
}

# Node.js and npm (MailDev, Redocly and axe-core come from npm): Debian's packages when missing.
ensure_node() {
  command -v node >/dev/null && command -v npm >/dev/null && return 0
  apt_install nodejs npm
  command -v npm >/dev/null || { echo "npm is still missing after installing Debian's nodejs and npm." >&2; exit 1; }
}

# MailDev on 127.0.0.1:1025 (SMTP) and :1080 (web inbox and REST API), unless Smtp__Host is given.
ensure_maildev() {
  if [ -n "${Smtp__Host:-}" ]; then
    say "Using the SMTP relay in Smtp__Host ($Smtp__Host)"
    return 0
  fi
  export Smtp__Host=127.0.0.1 Smtp__Port=1025
  export IMPACTE_MAILDEV_URL="http://127.0.0.1:1080"
  if port_open 127.0.0.1 1025; then return 0; fi
  if [ ! -x "$TOOLS/maildev/node_modules/.bin/maildev" ]; then
    ensure_node
    say "Installing maildev@$MAILDEV_VERSION"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/maildev" "maildev@$MAILDEV_VERSION" >"$RUN/npm-maildev.log" 2>&1 \
      || { echo "npm could not install maildev@$MAILDEV_VERSION (see $RUN/npm-maildev.log)." >&2; exit 1; }
  fi
  say "Starting MailDev"
  "$TOOLS/maildev/node_modules/.bin/maildev" --ip 127.0.0.1 --smtp 1025 --web 1080 --silent >"$RUN/maildev.log" 2>&1 &
  STARTED_PIDS+=($!)
  wait_for_port 127.0.0.1 1025 MailDev
  wait_for_port 127.0.0.1 1080 "MailDev's web inbox"
}

# The certificate that encrypts the data-protection key ring in the database: DataProtection__CertificatePath when
# given, else a self-signed one made once with openssl in .run/ (for this machine only; production brings its own).
ensure_key_ring_certificate() {
  if [ -n "${DataProtection__CertificatePath:-}" ]; then
    say "Using the key-ring certificate in DataProtection__CertificatePath"
    return 0
  fi
  local pfx="$RUN/keyring.pfx" password="$RUN/keyring.password"
  if [ ! -s "$pfx" ] || [ ! -s "$password" ]; then
    command -v openssl >/dev/null || apt_install openssl
    say "Making a local certificate for the data-protection key ring ($pfx)"
    ( umask 077
      openssl rand -hex 24 >"$password"
      openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=IMPACTE local key ring" \
        -keyout "$RUN/keyring.key" -out "$RUN/keyring.crt" 2>/dev/null
      openssl pkcs12 -export -inkey "$RUN/keyring.key" -in "$RUN/keyring.crt" -out "$pfx" -passout "file:$password"
      rm -f "$RUN/keyring.key" "$RUN/keyring.crt" )
  fi
  export DataProtection__CertificatePath="$pfx" DataProtection__CertificatePassword="$(cat "$password")"
}

ensure_dotnet() {
  command -v dotnet >/dev/null || { echo "The .NET SDK is missing (see global.json)." >&2; exit 1; }
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
  # The repo's tools (.config/dotnet-tools.json: dotnet-ef, to add migrations), so a fresh clone has them.
  ( cd "$ROOT" && dotnet tool restore >"$RUN/dotnet-tool-restore.log" 2>&1 ) \
    || { echo "dotnet tool restore failed (see $RUN/dotnet-tool-restore.log)." >&2; exit 1; }
}

# Runs a built project from its own folder (so it finds its appsettings.json) in the background, logging to .run/.
start_app() {
  local project=$1 config=$2; shift 2
  ( cd "$ROOT/src/$project" && exec dotnet "bin/$config/net10.0/$project.dll" "$@" ) >"$RUN/${project#Impacte.}.log" 2>&1 &
  STARTED_PIDS+=($!)
}

# Node tools the tests use, in .tools/ (never a global install).
ensure_node_tool() {
  local name=$1 version=$2 bin=$3
  if [ ! -f "$TOOLS/$name/node_modules/$name/package.json" ]; then
    ensure_node
    say "Installing $name@$version"
    npm install --silent --no-audit --no-fund --prefix "$TOOLS/$name" "$name@$version" >"$RUN/npm-${name//\//-}.log" 2>&1 \
      || { echo "npm could not install $name@$version (see $RUN/npm-${name//\//-}.log)." >&2; exit 1; }
  fi
}
