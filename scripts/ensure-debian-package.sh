#!/usr/bin/env bash
# usage: scripts/ensure-debian-package.sh COMMAND PACKAGE [PACKAGE...]
#   Succeeds at once when COMMAND is on the PATH; otherwise installs the Debian PACKAGEs with
#   apt-get (quiet, bounded by CORIO_APT_TIMEOUT seconds, default 600) and checks again.
#   On failure it prints one line saying what is missing and why, and exits 1: the tests
#   that need it skip and say so.
set -euo pipefail
cmd=$1; shift
command -v "$cmd" >/dev/null 2>&1 && exit 0
limit="${CORIO_APT_TIMEOUT:-600}"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "ensure-debian-package: $cmd is missing and apt-get is not available (install: $*)" >&2; exit 1
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "ensure-debian-package: $cmd is missing and installing $* needs root" >&2; exit 1
  fi
fi
echo "ensure-debian-package: installing $* with apt-get (at most ${limit}s)" >&2
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! (timeout "$limit" $sudo apt-get update -qq &&
      DEBIAN_FRONTEND=noninteractive timeout "$limit" $sudo apt-get install -y -qq --no-install-recommends "$@") >"$log" 2>&1; then
  echo "ensure-debian-package: apt-get could not install $*: $(tail -n 1 "$log")" >&2; exit 1
fi
command -v "$cmd" >/dev/null 2>&1 || { echo "ensure-debian-package: $* installed but $cmd is not on the PATH" >&2; exit 1; }
