#!/usr/bin/env bash
# ensure.sh — the one entry point for integration tests (`npm test` runs it first): install what
# is missing, start every test server that is not already running and healthy, wait until each
# greets, print one line per server. Idempotent and fast when everything runs; recovers from stale
# pid files after a crash; works from any cwd. Needs root on Debian 12 (apt-get, Postfix, Cyrus).
# Start order matters: dovecot (Postfix authenticates through it), cyrus, smtp.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

if [[ ! -f /etc/debian_version ]] || ! command -v apt-get >/dev/null; then
  cat >&2 <<MSG
test/servers/ensure.sh: the integration tests run real Dovecot, Cyrus and Postfix servers, which
this script installs with apt-get on Debian 12 (bookworm). This machine is not Debian.
Fix: run the tests in a Debian 12 container or VM as root, e.g.
  docker run --rm -it -v "\$PWD":/src -w /src node:20-bookworm bash -c 'npm ci && npm test'
Unit tests alone need no servers: npm run test:unit
MSG
  exit 2
fi
if [[ $(id -u) -ne 0 ]]; then
  cat >&2 <<MSG
test/servers/ensure.sh: installing and starting the test servers (apt-get, Postfix, Cyrus) needs root.
Fix: run the tests as root, e.g. sudo npm test  (or in a Debian 12 container: docker run --rm -it
     -v "\$PWD":/src -w /src node:20-bookworm bash -c 'npm ci && npm test')
Unit tests alone need no servers: npm run test:unit
MSG
  exit 2
fi

. "$HERE/lib.sh"
exec 9>"$MAILTEST_STATE/ensure.lock"
flock -w 300 9 || die "another ensure.sh has held $MAILTEST_STATE/ensure.lock for 5 minutes"

missing=$(missing_pieces)
if [[ -n $missing ]]; then
  log "installing test servers (missing: ${missing//$'\n'/ })"
  bash "$HERE/install.sh" >&2
fi

summary() {
  local label=$1 name=$2 how=$3 ports=$4
  printf '%-8s %-22s pid %-7s %s\n' "$label" "$how" "$(cat "$MAILTEST_STATE/$name.pid")" "$ports"
}
for name in dovecot cyrus smtp; do
  if healthy "$name"; then
    how="already running"
  else
    start=$(date +%s%N)
    # 9>&- : the daemons must not inherit the lock
    "$HERE/$name-up.sh" >/dev/null 2>"$MAILTEST_STATE/$name-up.log" 9>&- || {
      cat "$MAILTEST_STATE/$name-up.log" >&2
      die "$name failed to start (log above; state in $MAILTEST_STATE)"
    }
    how="started in $((($(date +%s%N) - start) / 1000000))ms"
  fi
  case $name in
    dovecot) summary dovecot dovecot "$how" "imap $DOVECOT_IMAP_PORT imaps $DOVECOT_IMAPS_PORT submission $DOVECOT_SUBMISSION_PORT/$DOVECOT_SUBMISSIONS_PORT lmtp $DOVECOT_LMTP_PORT" ;;
    cyrus) summary cyrus cyrus "$how" "imap $CYRUS_IMAP_PORT imaps $CYRUS_IMAPS_PORT jmap http $CYRUS_HTTP_PORT https $CYRUS_HTTPS_PORT lmtp $CYRUS_LMTP_PORT" ;;
    smtp) summary postfix smtp "$how" "smtp $SMTP_PORT submission $SMTP_SUBMISSION_PORT smtps $SMTPS_PORT" ;;
  esac
done
