#!/usr/bin/env bash
# dovecot-down.sh — stop the Dovecot started by dovecot-up.sh, by its master's PID (the master
# takes its children down with it).
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
stop_service dovecot "$DOVECOT_EXE"
