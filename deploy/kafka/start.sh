#!/usr/bin/env bash
# Starts a single-node Apache Kafka 3.9 broker (KRaft, broker+controller) from jars fetched from Maven Central.
#
#   bash deploy/kafka/start.sh            # or: npm run kafka:start
#
# - Builds target/lib with Maven if missing (first run downloads ~45 MB).
# - Formats the storage directory on first start (data/<port>/kraft-logs).
# - If something already serves Kafka on KAFKA_PORT, reuses it: only ensures the topics, exits 0.
# - Creates the topics from topics.txt that are missing (idempotent).
# Progress goes to stderr. stdout gets exactly two machine-readable lines:
#   KAFKA_BOOTSTRAP=127.0.0.1:9092
#   KAFKA_STARTED=yes|no          (yes = this invocation started the broker; stop it with stop.sh)
# Env: KAFKA_PORT (9092), KAFKA_CONTROLLER_PORT (port+1), KAFKA_DATA_DIR, KAFKA_LOG_DIR, KAFKA_HEAP_OPTS,
#      KAFKA_START_TIMEOUT (s), KAFKA_AUTO_CREATE_TOPICS (false), KAFKA_CLUSTER_ID, KAFKA_MVN_ARGS,
#      KAFKA_LEASE_PID (the caller's pid: takes a lease, see env.sh).
# Opt-in SASL (off by default): KAFKA_SASL_PORT adds a SASL_PLAINTEXT listener on that port taking PLAIN and
#      SCRAM-SHA-512 for one user, KAFKA_SASL_USERNAME / KAFKA_SASL_PASSWORD (the variables the services read).
#      The SCRAM credential is written when the storage is formatted: use it with a fresh KAFKA_DATA_DIR.
set -euo pipefail
# shellcheck source=env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"

t0=$SECONDS
kafka_take_lease
TOPICS_FILE="$KAFKA_HOME_DIR/topics.txt"

ensure_topics() {
  command -v node >/dev/null || { kafka_log "node not found: needed for the readiness check and topic creation"; return 1; }
  node "$KAFKA_HOME_DIR/ensure-topics.mjs" --bootstrap "$KAFKA_BOOTSTRAP" --topics "$TOPICS_FILE" \
    --timeout-ms "$((KAFKA_START_TIMEOUT * 1000))" >&2
}

report() { # $1 = yes|no
  echo "KAFKA_BOOTSTRAP=$KAFKA_BOOTSTRAP"
  echo "KAFKA_STARTED=$1"
}

reuse_if_running() {
  if kafka_port_open "$KAFKA_PORT"; then
    kafka_log "a broker already listens on $KAFKA_BOOTSTRAP: reusing it (ensuring topics only)"
    ensure_topics
    kafka_log "Kafka ready at $KAFKA_BOOTSTRAP (reused, $((SECONDS - t0)) s)"
    report no
    exit 0
  fi
}

reuse_if_running

# Serialise concurrent start.sh runs for the same data dir (e.g. two jest runs).
mkdir -p "$KAFKA_DATA_DIR" "$KAFKA_LOG_DIR"
exec 9>"$KAFKA_DATA_DIR/.start.lock"
flock -w "$KAFKA_START_TIMEOUT" 9 || { kafka_log "timed out waiting for another start.sh ($KAFKA_DATA_DIR/.start.lock)"; exit 1; }
reuse_if_running

if pid="$(kafka_running_pid)"; then
  # Started earlier (pid file) but not listening yet, e.g. an interrupted start.sh: wait for it, don't start a twin.
  kafka_log "broker pid $pid is starting up; waiting for it"
  ensure_topics
  report no
  exit 0
fi
rm -f "$KAFKA_PID_FILE"

# ---------------------------------------------------------------- classpath (Maven Central)
if [[ ! -f "$KAFKA_LIB_DIR/.complete" || "$KAFKA_HOME_DIR/pom.xml" -nt "$KAFKA_LIB_DIR/.complete" ]]; then
  command -v mvn >/dev/null || { kafka_log "mvn not found (apt-get install maven)"; exit 1; }
  kafka_log "assembling the Kafka classpath with Maven (first run downloads from Maven Central)..."
  rm -rf "$KAFKA_LIB_DIR"
  # Offline first (works when ~/.m2 already has everything), then online.
  # shellcheck disable=SC2086
  if ! (cd "$KAFKA_HOME_DIR" && mvn -q -B -o -Dstyle.color=never $KAFKA_MVN_ARGS package >/dev/null 2>&1); then
    # (sed strips the stray ANSI reset codes Maven 3.8 prints even with -q -B)
    (cd "$KAFKA_HOME_DIR" && mvn -q -B -Dstyle.color=never $KAFKA_MVN_ARGS package) 2>&1 | sed -e 's/\x1b\[[0-9;]*m//g' -e '/^$/d' >&2
  fi
  touch "$KAFKA_LIB_DIR/.complete"
  kafka_log "classpath ready: $(find "$KAFKA_LIB_DIR" -name '*.jar' | wc -l) jars ($((SECONDS - t0)) s)"
fi
command -v java >/dev/null || { kafka_log "java not found (Kafka 3.9 needs Java 11+)"; exit 1; }

CP="$KAFKA_LIB_DIR/*"
JAVA_LOG_OPTS=(-Dlog4j.configuration="file:$KAFKA_HOME_DIR/log4j.properties" -Dkafka.logs.dir="$KAFKA_LOG_DIR")

# ---------------------------------------------------------------- effective config
CONFIG="$KAFKA_DATA_DIR/server.properties"
SASL_LISTENER=""
SCRAM_ARGS=()
if [[ -n "${KAFKA_SASL_PORT:-}" ]]; then
  [[ -n "${KAFKA_SASL_USERNAME:-}" && -n "${KAFKA_SASL_PASSWORD:-}" ]] || { kafka_log "KAFKA_SASL_PORT needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD"; exit 1; }
  SASL_LISTENER=",SASL_PLAINTEXT://127.0.0.1:$KAFKA_SASL_PORT"
  SCRAM_ARGS=(--add-scram "SCRAM-SHA-512=[name=$KAFKA_SASL_USERNAME,password=$KAFKA_SASL_PASSWORD]")
fi
{
  sed -E '/^(listeners|advertised\.listeners|controller\.quorum\.voters|log\.dirs|auto\.create\.topics\.enable|listener\.security\.protocol\.map)=/d' \
    "$KAFKA_HOME_DIR/server.properties"
  echo
  echo "# ---- rendered by start.sh ----"
  echo "listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT$SASL_LISTENER"
  echo "advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT$SASL_LISTENER"
  echo "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT,SASL_PLAINTEXT:SASL_PLAINTEXT"
  if [[ -n "$SASL_LISTENER" ]]; then
    echo "sasl.enabled.mechanisms=PLAIN,SCRAM-SHA-512"
    echo "listener.name.sasl_plaintext.plain.sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required user_$KAFKA_SASL_USERNAME=\"$KAFKA_SASL_PASSWORD\";"
    echo "listener.name.sasl_plaintext.scram-sha-512.sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required;"
  fi
  echo "controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT"
  echo "log.dirs=$KAFKA_DATA_DIR/kraft-logs"
  echo "auto.create.topics.enable=$KAFKA_AUTO_CREATE_TOPICS"
} >"$CONFIG"

# ---------------------------------------------------------------- format storage (first start only)
if [[ ! -f "$KAFKA_DATA_DIR/kraft-logs/meta.properties" ]]; then
  cluster_id="${KAFKA_CLUSTER_ID:-$(java -cp "$CP" "${JAVA_LOG_OPTS[@]}" kafka.tools.StorageTool random-uuid 2>>"$KAFKA_LOG_FILE" | tail -n 1)}"
  [[ "$cluster_id" =~ ^[A-Za-z0-9_-]{22}$ ]] || { kafka_log "bad cluster id '$cluster_id'"; exit 1; }
  kafka_log "formatting $KAFKA_DATA_DIR/kraft-logs (cluster id $cluster_id)"
  java -cp "$CP" "${JAVA_LOG_OPTS[@]}" kafka.tools.StorageTool format -t "$cluster_id" -c "$CONFIG" --ignore-formatted "${SCRAM_ARGS[@]}" \
    >>"$KAFKA_LOG_FILE" 2>&1 || { kafka_log "storage format failed, see $KAFKA_LOG_FILE"; tail -20 "$KAFKA_LOG_FILE" >&2; exit 1; }
fi

# ---------------------------------------------------------------- start
if [[ -f "$KAFKA_LOG_FILE" && $(stat -c %s "$KAFKA_LOG_FILE") -gt 50000000 ]]; then mv -f "$KAFKA_LOG_FILE" "$KAFKA_LOG_FILE.1"; fi
echo "===== $(date -Is) start.sh: starting broker on $KAFKA_BOOTSTRAP =====" >>"$KAFKA_LOG_FILE"
# shellcheck disable=SC2086
JAVA_OPTS=($KAFKA_HEAP_OPTS -server -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35
  -XX:+ExplicitGCInvokesConcurrent -XX:MaxInlineLevel=15 -Djava.awt.headless=true "${JAVA_LOG_OPTS[@]}")
# setsid: own session, so Ctrl-C in the terminal/jest that ran start.sh does not kill the broker; stop.sh does.
# 9>&-: the broker must not inherit the start lock. The child writes its own pid and execs java, so the pid file holds the JVM's pid.
setsid bash -c 'echo $$ >"$0"; exec "$@"' "$KAFKA_PID_FILE" \
  java "${JAVA_OPTS[@]}" -cp "$CP" kafka.Kafka "$CONFIG" >>"$KAFKA_LOG_FILE" 2>&1 </dev/null 9>&- &
for _ in $(seq 50); do [[ -s "$KAFKA_PID_FILE" ]] && break; sleep 0.1; done
pid="$(cat "$KAFKA_PID_FILE")"
kafka_log "broker pid $pid, log $KAFKA_LOG_FILE; waiting for $KAFKA_BOOTSTRAP..."

deadline=$((SECONDS + KAFKA_START_TIMEOUT))
until kafka_port_open "$KAFKA_PORT"; do
  if ! kill -0 "$pid" 2>/dev/null; then
    kafka_log "broker exited during startup; last log lines:"
    tail -40 "$KAFKA_LOG_FILE" >&2
    rm -f "$KAFKA_PID_FILE"
    exit 1
  fi
  if ((SECONDS > deadline)); then
    kafka_log "broker not listening after ${KAFKA_START_TIMEOUT}s; see $KAFKA_LOG_FILE (still running as pid $pid)"
    exit 1
  fi
  sleep 0.3
done
ensure_topics || { kafka_log "broker listens but is not usable; see $KAFKA_LOG_FILE"; exit 1; }
kafka_log "Kafka ready at $KAFKA_BOOTSTRAP (pid $pid, $((SECONDS - t0)) s). Stop with: bash deploy/kafka/stop.sh"
report yes
