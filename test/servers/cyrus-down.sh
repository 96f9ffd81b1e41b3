#!/usr/bin/env bash
# cyrus-down.sh — stop the Cyrus started by cyrus-up.sh by its master's PID (SIGTERM makes the
# master stop all its services), then the syslog sink cyrus-up.sh may have started.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
stop_service cyrus "$CYRUS_EXE"
# After a crash of the master (SIGKILL, OOM) its services live on, holding the listening sockets:
# stop each process whose command line names this instance's imapd.conf, by PID.
CONF=$MAILTEST_STATE/cyrus/imapd.conf
for cmdline in /proc/[0-9]*/cmdline; do
  pid=${cmdline#/proc/}
  pid=${pid%/cmdline}
  args=()
  { mapfile -d '' args <"$cmdline"; } 2>/dev/null || continue
  [[ " ${args[*]} " == *" -C $CONF "* ]] && kill_pid "$pid" "orphaned cyrus service"
done
stop_service cyrus-syslog "$SINK_EXE"
# the sink removes its socket on SIGTERM; after a crash (SIGKILL, reboot) the file outlives it
if [[ -s $MAILTEST_STATE/cyrus-syslog.sock ]]; then
  sock=$(cat "$MAILTEST_STATE/cyrus-syslog.sock")
  [[ -S $sock ]] && rm -f "$sock"
  rm -f "$MAILTEST_STATE/cyrus-syslog.sock"
fi
exit 0
