#!/usr/bin/env bash
# Fault suite against the local cluster (deploy/local/cluster.sh up first). Not part of the test run.
#
#   deploy/local/faults.sh [api] [worker] [postgres]     (default: all three)
#   FAULTS_TRIALS=100 deploy/local/faults.sh worker       Worker trials (default 100)
#   FAULTS_UNTIL=$(date -d '+40 min' +%s) deploy/local/faults.sh worker    as many trials as fit until then
#
# api       wrk through nginx on the main read endpoints (a GP's bearer token, got as the API tests get it: POST
#           /api/auth/login) while api1 is killed with SIGKILL and started again: failed requests counted.
# worker    per trial: a reading pack to 1,000 members (club seeded once by bench/MailBench --seed-into), the Worker
#           running the fan-out job SIGKILLed mid-way while the other runs on: emails lost, extra copies (same
#           Message-ID), seconds from the kill until the survivor has sent the last email.
# postgres  wrk through nginx while the cluster's own PostgreSQL (15/impacte_cluster) restarts during a reading-pack
#           fan-out: failed requests, seconds until requests succeed again, emails lost.
# Results: printed, and appended to .run/cluster/faults.txt.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$ROOT"
CL="$RUN/cluster"
CLUSTER="$ROOT/deploy/local/cluster.sh"
URL="https://127.0.0.1:${CLUSTER_HTTPS_PORT:-5843}"
PG_PORT=${CLUSTER_PG_PORT:-5441}
TRIALS=${FAULTS_TRIALS:-100}
MEMBERS=${FAULTS_MEMBERS:-1000}
LOAD_SECONDS=${FAULTS_LOAD_SECONDS:-40}
DOMAIN="f00001.bench.example.org"
OUT="$CL/faults.txt"
PASSWORD=${IMPACTE_DEMO_PASSWORD:-Impacte-demo-2026!}
CLUSTER_CONNECTION="Host=/var/run/postgresql;Port=$PG_PORT;Database=impacte;Username=root"

q() { psql -p "$PG_PORT" -d impacte -XAtqc "$1"; }
report() { echo "$*" | tee -a "$OUT"; }
now() { date +%s.%N; }
elapsed() { echo "$2 - $1" | bc -l | xargs printf '%.1f'; }

"$CLUSTER" status | grep -q '^ready *200' || { echo "The cluster is not ready: run deploy/local/cluster.sh up" >&2; exit 1; }
report "== faults.sh $(date -u '+%Y-%m-%d %H:%M UTC'), $(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg)"

token() {
  curl -ksf -X POST "$URL/api/auth/login" -H 'Content-Type: application/json' \
    -d "{\"email\":\"gp@example.org\",\"password\":\"$PASSWORD\"}" | jq -r .accessToken
}

# The main read endpoints a member's screens call, for the GP's own club; each must answer 200 before the load.
read_paths() {
  local t=$1 club
  club=$(curl -ksf -H "Authorization: Bearer $t" "$URL/api/clubs" | jq -r '(.items // .)[0].id')
  for path in /api/me/home /api/clubs "/api/clubs/$club" "/api/clubs/$club/meetings" "/api/clubs/$club/members" \
              "/api/questions?pageSize=20" /api/library /api/appraisals /api/papers "/api/clubs/$club/changes"; do
    [ "$(curl -ks -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $t" "$URL$path")" = 200 ] && echo "$path"
  done
}

# wrk with a Lua script: the paths round-robin, the token, and a count of answers by status.
write_wrk_script() {
  local t=$1; shift
  {
    echo "local paths = {"; for p in "$@"; do echo "  \"$p\","; done; echo "}"
    cat <<LUA
local i, threads = 0, {}
wrk.headers["Authorization"] = "Bearer $t"
function setup(thread) table.insert(threads, thread) end
function init(args) statuses = {} end
function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end
function response(status, headers, body) statuses[status] = (statuses[status] or 0) + 1 end
function done(summary, latency, requests)
  local all = {}
  for _, thread in ipairs(threads) do
    local s = thread:get("statuses")
    for code, n in pairs(s) do all[code] = (all[code] or 0) + n end
  end
  local line = "statuses"
  for code, n in pairs(all) do line = line .. " " .. code .. "=" .. n end
  print(line)
  print(string.format("requests=%d connect_errors=%d read_errors=%d write_errors=%d status_errors=%d timeouts=%d p50_ms=%.1f p99_ms=%.1f",
    summary.requests, summary.errors.connect, summary.errors.read, summary.errors.write, summary.errors.status,
    summary.errors.timeout, latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
  } >"$CL/wrk.lua"
}

start_load() {
  local t paths
  t=$(token); mapfile -t paths < <(read_paths "$t")
  report "endpoints: ${paths[*]}"
  write_wrk_script "$t" "${paths[@]}"
  wrk -t2 -c8 -d"${LOAD_SECONDS}s" --timeout 10s -s "$CL/wrk.lua" "$URL" >"$CL/wrk.out" 2>&1 &
  WRK=$!
}

nginx_retries() { grep -c 'while connecting to upstream\|while reading response header\|upstream prematurely closed' "$CL/nginx/error.log" 2>/dev/null || true; }

fault_api() {
  local LOAD_SECONDS=${FAULTS_API_LOAD_SECONDS:-90}
  report "-- api: SIGKILL api1 under load through nginx (${LOAD_SECONDS}s, 8 connections)"
  local before; before=$(nginx_retries)
  start_load
  sleep 10
  "$CLUSTER" kill api1
  local killed; killed=$(now)
  sleep 8
  "$CLUSTER" start api1
  wait_for_port 127.0.0.1 5801 api1
  report "api1 back after $(elapsed "$killed" "$(now)") s (SIGKILL, 8 s down, then started)"
  wait "$WRK" || true
  grep -E '^(statuses|requests=)' "$CL/wrk.out" | tee -a "$OUT"
  report "nginx upstream errors logged during the run (each retried on the other Api): $(( $(nginx_retries) - before ))"
}

# ---- Worker trials ------------------------------------------------------------------------------------------------

seed_club() {
  [ "$(q "select count(*) from clubs where ods_code = 'F00001'")" = 1 ] && return 0
  say "Seeding the $MEMBERS-member club (bench/MailBench --seed-into)"
  dotnet build bench/MailBench -c Release -v quiet -nologo -clp:ErrorsOnly >/dev/null
  dotnet bench/MailBench/bin/Release/net10.0/MailBench.dll --seed-into "$CLUSTER_CONNECTION" --members "$MEMBERS" --club Faults --ods F00001
}

sink_lines() { wc -l <"$CL/sink.log"; }
# The meeting's emails as written to the outbox (their Message-IDs), into $CL/expected.
expected_ids() { q "select message_id from email_outbox where idempotency_key like '%$1%'" >"$CL/expected"; }
# Of the meeting's emails, since line $2 of the sink's log: "deliveries distinct most-copies-of-one".
delivered() {
  expected_ids "$1"
  tail -n +"$(( $2 + 1 ))" "$CL/sink.log" | awk -F'\t' -v ids="$CL/expected" '
    BEGIN { while ((getline id < ids) > 0) want[id] = 1 }
    ($3 in want) { n++; c[$3]++ }
    END { m = 0; for (k in c) if (c[k] > m) m = c[k]; printf "%d %d %d\n", n, length(c), m }'
}

# The running process (its pid from cluster.sh) has registered its Hangfire server ("worker1:<pid>:<guid>"). Not "a
# recent heartbeat": heartbeats come every 30 s, so two Workers' could be 15 s apart and never both fresh at once,
# and a killed Worker's row keeps its last one for a minute.
worker_server_up() {
  local pid; pid=$("$CLUSTER" status | awk -v w="$1" '$1 == w && $2 == "up" { print $4 }')
  [ -n "$pid" ] && [ "$(q "select count(*) from hangfire.server where id like '$1:$pid:%'")" -ge 1 ]
}

ensure_workers() {
  for w in worker1 worker2; do
    "$CLUSTER" status | grep -q "^$w *up" || "$CLUSTER" start "$w" >/dev/null
  done
  for _ in $(seq 1 240); do worker_server_up worker1 && worker_server_up worker2 && return 0; sleep 0.5; done
  echo "Workers did not come up (see $CL/worker*.log)" >&2; return 1
}

add_meeting() {
  q "insert into meetings (id, club_id, starts_at, ends_at, location, status, sequence, rsvp_key, created_at)
     select gen_random_uuid(), id, now() + interval '3 days', now() + interval '3 days 1 hour', 'Fault trial $1', 'Scheduled', 0,
            decode(md5(random()::text) || md5(random()::text), 'hex'), now()
     from clubs where ods_code = 'F00001' returning id"
}

# The Worker whose Hangfire server is processing the reading-pack job now (empty when none is).
pack_runner() {
  q "select s.data::json->>'ServerId' from hangfire.job j join hangfire.state s on s.id = j.stateid
     where j.statename = 'Processing' and j.invocationdata::text like '%ReadingPack%' order by j.id desc limit 1" | cut -d: -f1
}

# Waits until every member has the meeting's email, or a timeout; echoes "seconds deliveries distinct most".
wait_delivered() {
  local meeting=$1 from=$2 since=$3 limit=$4 total distinct most
  while :; do
    read -r total distinct most < <(delivered "$meeting" "$from")
    if [ "$distinct" -ge "$MEMBERS" ]; then echo "$(elapsed "$since" "$(now)") $total $distinct $most"; return 0; fi
    if [ "$(elapsed "$since" "$(now)" | cut -d. -f1)" -ge "$limit" ]; then echo "timeout $total $distinct $most"; return 0; fi
    sleep 0.3
  done
}

fault_worker() {
  seed_club
  ensure_workers
  # The seeder's own meeting is the warm-up: its pack goes out before the first trial.
  local from; from=$(sink_lines)
  for _ in $(seq 1 600); do [ "$(q "select count(*) from meetings m join clubs c on c.id = m.club_id where c.ods_code = 'F00001' and m.pack_sent_at is null")" = 0 ] && break; sleep 0.5; done
  for _ in $(seq 1 600); do [ "$(q "select count(*) from email_outbox where status = 'Pending' and to_address like '%@$DOMAIN'")" = 0 ] && break; sleep 0.5; done
  report "-- worker: $TRIALS trials, reading pack to $MEMBERS members, SIGKILL the Worker running the fan-out"
  local lost_total=0 extra_total=0 worst_extra=0 slowest=0 done_trials=0 times=()
  for trial in $(seq 1 "$TRIALS"); do
    # FAULTS_UNTIL (a Unix time): start no trial after it, so a run fits the time there is; the count is reported.
    if [ -n "${FAULTS_UNTIL:-}" ] && [ "$(date +%s)" -ge "$FAULTS_UNTIL" ]; then report "stopping at FAULTS_UNTIL"; break; fi
    ensure_workers
    from=$(sink_lines)
    local meeting victim="" start written killed result secs total distinct
    meeting=$(add_meeting "$trial")
    start=$(now)
    # Kill as soon as the job is running and has written its first rows (mid fan-out), else as soon as it runs.
    for _ in $(seq 1 600); do
      victim=$(pack_runner)
      written=$(q "select count(*) from email_outbox where idempotency_key like '%$meeting%'")
      [ -n "$victim" ] && [ "$written" -gt 0 ] && break
      sleep 0.05
    done
    [ -n "$victim" ] || victim=worker$(( RANDOM % 2 + 1 ))
    "$CLUSTER" kill "$victim"
    killed=$(now)
    # What the killed Worker had committed: rows of the pack, and whether its fan-out had finished (the meeting marked).
    local at_kill finished
    at_kill=$(q "select count(*) from email_outbox where idempotency_key like '%$meeting%'")
    finished=$(q "select case when pack_sent_at is null then 'mid fan-out' else 'fan-out done, sending' end from meetings where id = '$meeting'")
    result=$(wait_delivered "$meeting" "$from" "$killed" 180)
    local extra most lost
    read -r secs total distinct most <<<"$result"
    # Copies of one Message-ID beyond the first; lost: members whose email never arrived.
    extra=$(( total - distinct ))
    lost=$(( MEMBERS - distinct ))
    report "trial $trial: killed $victim ($finished, $at_kill/$MEMBERS rows written); survivor done ${secs} s after the kill; lost $lost; extra copies $extra (max copies of one email $most)"
    lost_total=$(( lost_total + lost )); extra_total=$(( extra_total + extra ))
    [ "$extra" -gt "$worst_extra" ] && worst_extra=$extra
    [ "$secs" != timeout ] && times+=("$secs")
    done_trials=$trial
  done
  slowest=$(printf '%s\n' "${times[@]:-0}" | sort -n | tail -1)
  local median; median=$(printf '%s\n' "${times[@]:-0}" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  report "worker summary: $done_trials trials; emails lost $lost_total; extra copies $extra_total (worst trial $worst_extra); survivor finished in median $median s, slowest $slowest s"
  ensure_workers
}

# ---- PostgreSQL restart -------------------------------------------------------------------------------------------

fault_postgres() {
  seed_club
  ensure_workers
  report "-- postgres: restart 15/impacte_cluster under load (${LOAD_SECONDS}s, 8 connections) during a $MEMBERS-member fan-out"
  local t from meeting restarted probe_log="$CL/probe.log"
  t=$(token)
  start_load
  # A probe beside the load: one GET every 0.1 s, its time and status, to time the recovery.
  ( while :; do printf '%s %s\n' "$(now)" "$(curl -ks -o /dev/null -w '%{http_code} %{time_total}' --max-time 10 -H "Authorization: Bearer $t" "$URL/api/questions?pageSize=20")"; sleep 0.1; done ) >"$probe_log" &
  local probe=$!
  sleep 8
  from=$(sink_lines)
  meeting=$(add_meeting pg)
  for _ in $(seq 1 200); do [ "$(q "select count(*) from email_outbox where idempotency_key like '%$meeting%'")" -gt 0 ] && break; sleep 0.05; done
  restarted=$(now)
  pg_ctlcluster 15 impacte_cluster restart
  local back; back=$(now)
  report "pg_ctlcluster restart (fast shutdown, start) took $(elapsed "$restarted" "$back") s"
  wait "$WRK" || true
  kill "$probe" 2>/dev/null || true
  grep -E '^(statuses|requests=)|Latency' "$CL/wrk.out" | tee -a "$OUT"
  # Recovery: from the restart command until the first 200 after the probe's last failure.
  awk -v r="$restarted" '$1 >= r && $2 != 200 { last = $1 } END { printf "%.3f\n", last + 0 }' "$probe_log" >"$CL/probe.lastfail"
  local lastfail; lastfail=$(cat "$CL/probe.lastfail")
  local fails; fails=$(awk '$2 != 200' "$probe_log" | wc -l)
  # The slowest probe request that was under way while PostgreSQL was down: how long a user waited at worst.
  report "probe: $(awk -v r="$restarted" -v b="$back" '$1 + $3 >= r && $1 <= b { n++; if ($3 > m) m = $3 } END { printf "%d requests overlapped the restart, the slowest took %.1f s", n, m }' "$probe_log")"
  if [ "$lastfail" = 0.000 ]; then report "probe: no failed request during the restart"
  else report "probe: $fails failed; requests succeed again $(awk -v a="$restarted" -v l="$lastfail" -v p="$probe_log" 'BEGIN { while ((getline line < p) > 0) { split(line, f, " "); if (f[1] > l && f[2] == 200) { printf "%.1f", f[1] - a; exit } } }') s after the restart began"; fi
  local result secs total distinct
  result=$(wait_delivered "$meeting" "$from" "$restarted" 180)
  local most
  read -r secs total distinct most <<<"$result"
  report "outbox: $distinct/$MEMBERS emails delivered (lost $(( MEMBERS - distinct )), extra copies $(( total - distinct ))), last one ${secs} s after the restart; rows not Sent: $(q "select count(*) from email_outbox where idempotency_key like '%$meeting%' and status <> 'Sent'")"
}

what=("$@"); [ ${#what[@]} -eq 0 ] && what=(api worker postgres)
for w in "${what[@]}"; do "fault_$w"; done
