# shellcheck shell=bash disable=SC2034  # constants are used by the scripts that source this
# lib.sh — helpers shared by the test-server scripts. Sourced, not executed.
# Everything (configs, pid files, KEY=VALUE env files, maildirs, spools, TLS cert) lives under
# $MAILTEST_STATE (default test/servers/.run); servers listen on 127.0.0.1 only.
# Callers set HERE to this directory before sourcing.

MAILTEST_STATE=${MAILTEST_STATE:-$HERE/.run}
mkdir -p "$MAILTEST_STATE"
MAILTEST_STATE=$(cd "$MAILTEST_STATE" && pwd)
CYRUS_OPT=$HERE/opt/cyrus-imapd/usr/lib/cyrus/bin # imapd/idled/squatter unpacked by install.sh

log() { printf '[%s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() {
  log "ERROR: $*"
  exit 1
}

# Unix socket paths are limited to 107 bytes (sun_path): server sockets go to a short directory
# under /tmp when the state directory's path is long.
socket_dir() {
  local name=$1
  if ((${#MAILTEST_STATE} <= 60)); then
    printf '%s/%s-sock' "$MAILTEST_STATE" "$name"
  else
    printf '/tmp/mailroom-%s-%s' "$(printf '%s' "$MAILTEST_STATE" | cksum | cut -d' ' -f1)" "$name"
  fi
}

# port_open PORT -> 0 if something accepts TCP connections on 127.0.0.1:PORT
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# wait_port PORT [TIMEOUT_S] -> 0 once a TCP connect succeeds
wait_port() {
  local port=$1 t=${2:-20} i=0
  while ((i < t * 10)); do
    port_open "$port" && return 0
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# banner_ok PORT REGEX -> 0 if the server's first line matches REGEX (one attempt, 3 s)
banner_ok() {
  local line
  line=$( (exec 3<>"/dev/tcp/127.0.0.1/$1" && IFS= read -r -t 3 l <&3 && printf '%s' "$l") 2>/dev/null) || true
  [[ $line =~ $2 ]]
}

# wait_banner PORT REGEX [TIMEOUT_S] -> 0 once the greeting matches REGEX
wait_banner() {
  local port=$1 re=$2 t=${3:-20} start=$SECONDS
  while ((SECONDS - start < t)); do
    banner_ok "$port" "$re" && return 0
    sleep 0.2
  done
  return 1
}

# alive PID -> 0 if the process exists and is not a zombie (daemons reparented to PID 1 may be
# reaped late; kill -0 alone reports zombies as alive)
alive() { [[ -n $1 && -r /proc/$1/stat ]] && [[ $(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) != Z ]]; }

# pid_of NAME REGEX -> prints the PID from $MAILTEST_STATE/NAME.pid if that process is alive and
# "<executable> <command line>" matches REGEX (after a crash or reboot a stale file names nothing,
# or a stranger that must not be killed)
pid_of() {
  local f=$MAILTEST_STATE/$1.pid pid what
  [[ -s $f ]] || return 1
  pid=$(tr -dc '0-9' <"$f")
  alive "$pid" || return 1
  what="$(readlink "/proc/$pid/exe" 2>/dev/null) $(tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null)"
  [[ $what =~ $2 ]] || return 1
  printf '%s' "$pid"
}

# kill_pid PID NAME : SIGTERM, wait up to 10 s, then SIGKILL. Only the given PID.
kill_pid() {
  local pid=$1 name=$2 i=0
  alive "$pid" || return 0
  log "stopping $name (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && ((i < 200)); do
    sleep 0.05
    i=$((i + 1))
  done
  if alive "$pid"; then
    log "$name (pid $pid) ignored SIGTERM, sending SIGKILL"
    kill -KILL "$pid" 2>/dev/null || true
  fi
}

# require_ports_free PORT... : wait up to 5 s for each port to be free (children of a killed
# instance may still be exiting), then die naming the port if another program listens there
require_ports_free() {
  local p i
  for p in "$@"; do
    for i in $(seq 25); do
      port_open "$p" || continue 2
      sleep 0.2
    done
    die "port $p on 127.0.0.1 is in use by another program (find it: ss -ltnp 'sport = :$p')"
  done
}

# ensure_cert : one self-signed certificate (CA:TRUE, so it is its own CA file for clients) for
# localhost/127.0.0.1/::1, shared by all servers and kept across restarts.
ensure_cert() {
  local d=$MAILTEST_STATE/tls
  [[ -s $d/cert.pem && -s $d/key.pem ]] && return 0
  mkdir -p "$d"
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days 3650 \
    -subj "/CN=localhost/O=mailroom test" \
    -addext "subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -keyout "$d/key.pem.tmp" -out "$d/cert.pem.tmp" >/dev/null 2>&1 || die "openssl failed to create the test certificate"
  chmod 644 "$d/cert.pem.tmp"
  chmod 640 "$d/key.pem.tmp"
  mv "$d/key.pem.tmp" "$d/key.pem"
  mv "$d/cert.pem.tmp" "$d/cert.pem"
}

# missing_pieces -> prints what install.sh would have to install (nothing when complete)
missing_pieces() {
  local f
  for f in /usr/sbin/dovecot /usr/lib/dovecot/lmtp /usr/lib/dovecot/submission \
    /usr/lib/cyrus/bin/master /usr/lib/cyrus/bin/lmtpd /usr/lib/cyrus/bin/httpd /usr/lib/cyrus/bin/ctl_cyrusdb \
    /usr/sbin/saslpasswd2 /usr/sbin/postfix /usr/lib/postfix/sbin/master /usr/bin/openssl /usr/bin/python3 \
    /usr/bin/mbsync /usr/bin/offlineimap \
    "$CYRUS_OPT/imapd" "$CYRUS_OPT/idled" "$CYRUS_OPT/squatter"; do
    [[ -x $f ]] || printf '%s\n' "$f"
  done
  # the unpacked cyrus-imapd must match cyrus-common after an apt upgrade
  [[ $(cat "$HERE/opt/cyrus-imapd/.version" 2>/dev/null) == "$(dpkg-query -W -f='${Version}' cyrus-common 2>/dev/null)" ]] ||
    printf '%s\n' "cyrus-imapd (unpacked) at the cyrus-common version"
}

# write_env NAME : stdin (KEY=VALUE lines) -> $MAILTEST_STATE/NAME.env, atomically
write_env() {
  cat >"$MAILTEST_STATE/$1.env.tmp"
  mv "$MAILTEST_STATE/$1.env.tmp" "$MAILTEST_STATE/$1.env"
}

# ---- the fixed facts every script and global-setup.ts agree on ----
DOVECOT_IMAP_PORT=1143 DOVECOT_IMAPS_PORT=1993 DOVECOT_SUBMISSION_PORT=1587 DOVECOT_SUBMISSIONS_PORT=1465
DOVECOT_LMTP_PORT=2424
CYRUS_IMAP_PORT=3143 CYRUS_IMAPS_PORT=3993 CYRUS_HTTP_PORT=8080 CYRUS_HTTPS_PORT=8443 CYRUS_LMTP_PORT=3024
SMTP_PORT=2525 SMTP_SUBMISSION_PORT=2587 SMTPS_PORT=2465
TEST_USER=testuser TEST_PASS=testpass TEST_USER2=testuser2 TEST_PASS2=testpass2
CYRUS_ADMIN=cyrus CYRUS_ADMIN_PASS=cyruspass
DOVECOT_DOMAIN=example.test CYRUS_DOMAIN=cyrus.test

# stop_service NAME REGEX : stop the process recorded in NAME.pid (only if it still is ours, see
# pid_of) and forget its pid and env files. Data directories stay for inspection; the next *-up.sh
# starts fresh.
stop_service() {
  local pid
  if pid=$(pid_of "$1" "$2"); then kill_pid "$pid" "$1"; fi
  rm -f "$MAILTEST_STATE/$1.pid" "$MAILTEST_STATE/$1.env"
}

# EXE regexes for pid_of/stop_service
DOVECOT_EXE='^/usr/sbin/dovecot '
CYRUS_EXE='^/usr/lib/cyrus/bin/master '
POSTFIX_EXE='^/usr/lib/postfix/sbin/master '
SINK_EXE='syslog-sink\.py'

# healthy NAME -> 0 if the instance recorded in NAME.pid is ours, alive, has its env file and
# greets on its ports (a fraction of a second for a running server)
healthy() {
  [[ -s $MAILTEST_STATE/$1.env ]] || return 1
  case $1 in
    dovecot)
      pid_of dovecot "$DOVECOT_EXE" >/dev/null &&
        banner_ok $DOVECOT_IMAP_PORT '^\* OK' && banner_ok $DOVECOT_SUBMISSION_PORT '^220 ' &&
        banner_ok $DOVECOT_LMTP_PORT '^220 ' && port_open $DOVECOT_IMAPS_PORT && port_open $DOVECOT_SUBMISSIONS_PORT
      ;;
    cyrus)
      pid_of cyrus "$CYRUS_EXE" >/dev/null &&
        banner_ok $CYRUS_IMAP_PORT '^\* OK' && banner_ok $CYRUS_LMTP_PORT '^220 ' &&
        port_open $CYRUS_IMAPS_PORT && port_open $CYRUS_HTTP_PORT && port_open $CYRUS_HTTPS_PORT
      ;;
    smtp)
      pid_of smtp "$POSTFIX_EXE" >/dev/null &&
        banner_ok $SMTP_PORT '^220 ' && banner_ok $SMTP_SUBMISSION_PORT '^220 ' && port_open $SMTPS_PORT
      ;;
    *) return 1 ;;
  esac
}
