#!/usr/bin/env bash
# cyrus-down.sh — stop the Cyrus started by cyrus-up.sh by its master's PID (SIGTERM makes the
# master stop all its services), then the syslog sink cyrus-up.sh may have started.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
stop_service cyrus "$CYRUS_EXE"
stop_service cyrus-syslog "$SINK_EXE"
# the sink removes its socket on SIGTERM; after a crash (SIGKILL, reboot) the file outlives it
if [[ -s $MAILTEST_STATE/cyrus-syslog.sock ]]; then
  sock=$(cat "$MAILTEST_STATE/cyrus-syslog.sock")
  [[ -S $sock ]] && rm -f "$sock"
  rm -f "$MAILTEST_STATE/cyrus-syslog.sock"
fi
exit 0
