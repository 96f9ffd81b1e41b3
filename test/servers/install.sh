#!/usr/bin/env bash
# install.sh — install what the test servers need on Debian 12, as root. Idempotent; ensure.sh
# runs it when lib.sh's missing_pieces reports anything.
#   * distro services must not start: a policy-rc.d answering 101 is put in place while installing
#   * dovecot-imapd and cyrus-imapd CONFLICT (both provide imap-server): we install dovecot-imapd
#     plus cyrus-common/-caldav/-admin and only UNPACK cyrus-imapd's .deb under test/servers/opt
#   * postfix is preseeded to "No configuration" (no /etc/postfix/main.cf, nothing listens); it
#     replaces exim4, which cyrus-common pulls in as default-mta
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$HERE/lib.sh"
[[ $(id -u) -eq 0 ]] || die "install.sh must run as root (apt-get)"
export DEBIAN_FRONTEND=noninteractive
SECONDS=0

POLICY_CREATED=
if [[ ! -e /usr/sbin/policy-rc.d ]]; then
  printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
  chmod 755 /usr/sbin/policy-rc.d
  POLICY_CREATED=1
fi
trap '[[ -n $POLICY_CREATED ]] && rm -f /usr/sbin/policy-rc.d' EXIT

apt_update() { apt-get update -q || log "apt-get update reported errors (continuing; unreachable extra repositories are harmless)"; }

# no package lists, or lists older than a day -> update once; a failed install retries after one
if [[ -z $(find /var/lib/apt/lists -maxdepth 1 -name '*_Packages*' -mmin -1440 2>/dev/null | head -1) ]]; then
  apt_update
  UPDATED=1
fi
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections

PKGS=(dovecot-imapd dovecot-lmtpd dovecot-submissiond
  cyrus-common cyrus-admin cyrus-clients cyrus-caldav
  sasl2-bin libsasl2-modules libsasl2-modules-db
  postfix swaks libnet-ssleay-perl openssl python3
  isync offlineimap3)  # mbsync and offlineimap3: sync interop tests and `npm run bench -- sync`
install_pkgs() { apt-get install -y -q --no-install-recommends "${PKGS[@]}"; }
if ! install_pkgs; then
  [[ -z ${UPDATED:-} ]] || die "apt-get install failed"
  apt_update
  install_pkgs || die "apt-get install failed"
fi

# imapd/idled/squatter come from cyrus-imapd, which would remove dovecot-imapd: unpack only, at
# exactly the installed cyrus-common version (its libraries must match)
CYRUS_VERSION=$(dpkg-query -W -f='${Version}' cyrus-common)
if [[ ! -x $CYRUS_OPT/imapd || $(cat "$HERE/opt/cyrus-imapd/.version" 2>/dev/null) != "$CYRUS_VERSION" ]]; then
  rm -rf "$HERE/debs" "$HERE/opt/cyrus-imapd"
  mkdir -p "$HERE/debs" "$HERE/opt/cyrus-imapd"
  download() { (cd "$HERE/debs" && apt-get download -q "cyrus-imapd=$CYRUS_VERSION"); }
  download || { apt_update && download; } || die "apt-get download cyrus-imapd=$CYRUS_VERSION failed"
  dpkg-deb -x "$HERE"/debs/cyrus-imapd_*.deb "$HERE/opt/cyrus-imapd"
  printf '%s' "$CYRUS_VERSION" >"$HERE/opt/cyrus-imapd/.version"
fi

left=$(missing_pieces)
[[ -z $left ]] || die "still missing after install: $left"
log "install.sh done in ${SECONDS}s"
