#!/usr/bin/env bash
# Makes sure Debian's Chromium (browser tests) and xmllint (TCX schema checks) are installed.
# Playwright never downloads a browser here; it uses /usr/bin/chromium.
set -euo pipefail
need=()
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
command -v xmllint >/dev/null 2>&1 || need+=(libxml2-utils)
[ ${#need[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing ${need[*]} from Debian (needed by the browser tests)…"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq "${need[@]}" >/dev/null
	exit 0
fi
echo "The browser tests need: ${need[*]}." >&2
echo "Install them with:  sudo apt-get install -y ${need[*]}" >&2
echo "(or set PULSKLAR_CHROMIUM to a Chromium executable)." >&2
[ -n "${PULSKLAR_CHROMIUM:-}" ] && [ -x "${PULSKLAR_CHROMIUM}" ] && [[ " ${need[*]} " != *" libxml2-utils "* ]] && exit 0
exit 1
