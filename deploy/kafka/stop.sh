#!/usr/bin/env bash
# Stops the broker that start.sh started (pid file data/<port>/kafka.pid) and waits for it to exit.
# A broker on the port that start.sh did not start is left alone. With KAFKA_LEASE_PID (a test run's or a bench's
# teardown), drops that lease and leaves the broker running while another live process holds one (env.sh).
#
#   bash deploy/kafka/stop.sh            # or: npm run kafka:stop
#   bash deploy/kafka/stop.sh --purge    # also delete data/<port> (topics and messages)
# Env: KAFKA_PORT, KAFKA_DATA_DIR, KAFKA_STOP_TIMEOUT (s, then SIGKILL), KAFKA_LEASE_PID.
set -euo pipefail
# shellcheck source=env.sh
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/env.sh"

purge=no
for arg in "$@"; do
  case "$arg" in
    --purge) purge=yes ;;
    *) echo "usage: stop.sh [--purge]" >&2; exit 2 ;;
  esac
done

if [[ -n "${KAFKA_LEASE_PID:-}" ]]; then
  others="$(kafka_other_leases)"
  if [[ -n "$others" ]]; then
    kafka_log "left running on $KAFKA_BOOTSTRAP: still used by pid(s) $others"
    exit 0
  fi
fi

if pid="$(kafka_running_pid)"; then
  t0=$SECONDS
  kafka_log "stopping broker pid $pid on $KAFKA_BOOTSTRAP..."
  kill -TERM "$pid"
  deadline=$((SECONDS + KAFKA_STOP_TIMEOUT))
  while kill -0 "$pid" 2>/dev/null; do
    if ((SECONDS > deadline)); then
      kafka_log "still running after ${KAFKA_STOP_TIMEOUT}s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      sleep 0.5
      break
    fi
    sleep 0.2
  done
  kafka_log "stopped ($((SECONDS - t0)) s)"
else
  if kafka_port_open "$KAFKA_PORT"; then
    kafka_log "no broker started by start.sh (no live pid in $KAFKA_PID_FILE); something else listens on $KAFKA_PORT: left alone"
  else
    kafka_log "no broker running on $KAFKA_BOOTSTRAP"
  fi
fi
rm -f "$KAFKA_PID_FILE"

if [[ $purge == yes ]]; then
  kafka_log "purging $KAFKA_DATA_DIR"
  rm -rf "$KAFKA_DATA_DIR"
fi
