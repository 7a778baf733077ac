#!/usr/bin/env bash
# Install Debian packages qtmail needs, when they are missing.
#   packaging/system-deps.sh runtime   Qt's system libraries and a CJK font
#   packaging/system-deps.sh test      the above plus the mail lab (Dovecot, Postfix) and test tools
# As root it installs with apt-get; otherwise it names what is missing and fails.
set -euo pipefail

RUNTIME_PACKAGES=(
  python3-venv
  libegl1 libgl1 libglib2.0-0 libxkbcommon0 libxkbcommon-x11-0 libfontconfig1 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 libxcb-xinerama0 libxcb-randr0
  libxcb-render-util0 libxcb-image0
  fonts-noto-cjk
)
TEST_PACKAGES=(
  dovecot-core dovecot-imapd dovecot-pop3d dovecot-lmtpd postfix
  openssl        # certificates for the lab and the TLS unit tests (not only through dovecot-core)
  isync          # mbsync, the benchmark baseline
  maildrop mpack # reformime and munpack, independent MIME readers
  xvfb xauth     # screenshots in a real X server
  desktop-file-utils appstream
)

case "${1:-runtime}" in
  runtime) wanted=("${RUNTIME_PACKAGES[@]}") ;;
  test) wanted=("${RUNTIME_PACKAGES[@]}" "${TEST_PACKAGES[@]}") ;;
  *) echo "usage: $0 [runtime|test]" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1; then
  echo "system-deps: not a Debian-like system; install the equivalents of: ${wanted[*]}" >&2
  exit 0
fi

missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == *"install ok installed"* ]] || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "system-deps: these Debian packages are missing and installing them needs root:" >&2
  echo "  sudo apt-get install --no-install-recommends ${missing[*]}" >&2
  exit 1
fi

echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# Without a preseed, installing postfix asks questions; "No configuration" also keeps it from starting.
echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
