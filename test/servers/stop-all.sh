#!/usr/bin/env bash
# stop-all.sh — stop the test servers (reverse start order), each by its recorded PID.
set -uo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
"$HERE/smtp-down.sh"
"$HERE/cyrus-down.sh"
"$HERE/dovecot-down.sh"
