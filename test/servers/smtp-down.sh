#!/usr/bin/env bash
# smtp-down.sh — stop the Postfix started by smtp-up.sh: SIGTERM to its master's PID (what
# "postfix stop" does). Leaves Dovecot and Cyrus alone.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
stop_service smtp "$POSTFIX_EXE"
