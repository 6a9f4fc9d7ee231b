#!/usr/bin/env bash
# Installs the real SIP peers the interop tests drive (apps/ivr-demo/test/interop, packages/sip-client/test/interop):
# Kamailio (kamailio, kamcmd, and its TLS module),
# SIPp (sipp), baresip (baresip) and sox, from the distribution's packages (Debian 12 / Ubuntu).
# Idempotent: does nothing when every program is already there. Quiet on success; on failure prints apt's log.
set -euo pipefail

# program -> package that provides it
declare -A package_of=(
  [kamailio]=kamailio
  [kamcmd]=kamailio
  [sipp]=sip-tester
  [baresip]=baresip-core
  [sox]=sox
  [ip]=iproute2
  [nft]=nftables
)

missing=()
for program in "${!package_of[@]}"; do
  if ! command -v "$program" >/dev/null 2>&1 && [ ! -x "/usr/sbin/$program" ]; then
    package="${package_of[$program]}"
    [[ " ${missing[*]} " == *" $package "* ]] || missing+=("$package")
  fi
done
# Kamailio's TLS module (packages/sip-client/test/interop) is a file, not a program
if ! compgen -G "/usr/lib/*/kamailio/modules/tls.so" >/dev/null && ! compgen -G "/usr/lib/kamailio/modules/tls.so" >/dev/null; then
  missing+=(kamailio-tls-modules)
fi
[ "${#missing[@]}" -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null 2>&1; then
  echo "install-peers: missing ${missing[*]} and no apt-get here; install them by hand (see apps/ivr-demo/test/interop/README.md)" >&2
  exit 1
fi
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  if ! command -v sudo >/dev/null 2>&1; then
    echo "install-peers: missing ${missing[*]}; run as root or install sudo" >&2
    exit 1
  fi
  sudo=(sudo -n)
fi

log="$(mktemp)"
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" apt-get update >"$log" 2>&1 &&
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y "${missing[@]}" >>"$log" 2>&1; }; then
  cat "$log" >&2
  echo "install-peers: apt-get could not install ${missing[*]}" >&2
  exit 1
fi
