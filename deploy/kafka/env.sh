# Shared settings for start.sh / stop.sh (sourced, not executed). Every value can be overridden from the environment.
KAFKA_HOME_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
KAFKA_PORT="${KAFKA_PORT:-9092}"
KAFKA_CONTROLLER_PORT="${KAFKA_CONTROLLER_PORT:-$((KAFKA_PORT + 1))}"
KAFKA_DATA_DIR="${KAFKA_DATA_DIR:-$KAFKA_HOME_DIR/data/$KAFKA_PORT}"
KAFKA_LOG_DIR="${KAFKA_LOG_DIR:-$KAFKA_HOME_DIR/logs}"
KAFKA_HEAP_OPTS="${KAFKA_HEAP_OPTS:--Xms128m -Xmx512m}"
KAFKA_START_TIMEOUT="${KAFKA_START_TIMEOUT:-120}"   # seconds
KAFKA_STOP_TIMEOUT="${KAFKA_STOP_TIMEOUT:-60}"     # seconds, then SIGKILL
KAFKA_AUTO_CREATE_TOPICS="${KAFKA_AUTO_CREATE_TOPICS:-false}"
KAFKA_MVN_ARGS="${KAFKA_MVN_ARGS:-}"               # extra mvn args, e.g. -Dmaven.repo.local=/path

KAFKA_BOOTSTRAP="127.0.0.1:$KAFKA_PORT"
KAFKA_PID_FILE="$KAFKA_DATA_DIR/kafka.pid"
KAFKA_LOG_FILE="$KAFKA_LOG_DIR/kafka-$KAFKA_PORT.log"
KAFKA_LIB_DIR="$KAFKA_HOME_DIR/target/lib"

kafka_log() { echo "[kafka] $*" >&2; }

# Leases: a file per process using the broker on this port (a test run, a bench), named by its pid
# (KAFKA_LEASE_PID), machine-wide so that runs of other checkouts count too. stop.sh called with a lease leaves the
# broker running while another live process holds one: a run's teardown must not stop a broker another run uses.
KAFKA_LEASE_DIR="${KAFKA_LEASE_DIR:-${TMPDIR:-/tmp}/replenish-kafka-$KAFKA_PORT.leases}"

kafka_take_lease() {
  [[ -n "${KAFKA_LEASE_PID:-}" ]] || return 0
  mkdir -p "$KAFKA_LEASE_DIR"
  : >"$KAFKA_LEASE_DIR/$KAFKA_LEASE_PID"
}

# Drops the caller's lease and the leases of processes that are gone; prints the pids of the others, if any.
kafka_other_leases() {
  rm -f "$KAFKA_LEASE_DIR/${KAFKA_LEASE_PID:-none}"
  local f pid others=()
  for f in "$KAFKA_LEASE_DIR"/*; do
    [[ -e "$f" ]] || continue
    pid="$(basename "$f")"
    if [[ "$pid" =~ ^[0-9]+$ ]] && kill -0 "$pid" 2>/dev/null; then others+=("$pid"); else rm -f "$f"; fi
  done
  echo "${others[*]:-}"
}

# True when something accepts TCP connections on 127.0.0.1:$1.
kafka_port_open() { timeout 3 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null; }

# Prints the pid from the pid file if that process is alive and is a Kafka broker.
kafka_running_pid() {
  [[ -f "$KAFKA_PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$KAFKA_PID_FILE" 2>/dev/null)" || return 1
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q 'kafka\.Kafka' || return 1
  echo "$pid"
}
