#!/usr/bin/env bash
# restart-dovecot.sh — restart Dovecot keeping its maildirs (every IMAP/submission connection is
# cut), then make sure Postfix, which authenticates through Dovecot's socket, still answers.
# Returns once both greet again. This is ServerCoordinates.dovecot.restartCommand.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
exec 9>"$MAILTEST_STATE/ensure.lock"
flock -w 120 9 || die "another ensure/restart holds $MAILTEST_STATE/ensure.lock"
# 9>&- : the daemons must not inherit the lock
KEEP_DATA=1 "$HERE/dovecot-up.sh" >/dev/null 9>&-
healthy smtp || "$HERE/smtp-up.sh" >/dev/null 9>&-
log "dovecot restarted (pid $(cat "$MAILTEST_STATE/dovecot.pid"))"
