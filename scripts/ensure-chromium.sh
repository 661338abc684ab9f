#!/usr/bin/env bash
# Makes sure Debian's Chromium (browser tests) is installed. Playwright never downloads a browser
# here; it uses /usr/bin/chromium. (TCX schema checks need no system tool: the unit tests use
# libxml2 compiled to WebAssembly, the npm package xmllint-wasm.)
set -euo pipefail
[ -n "${PULSKLAR_CHROMIUM:-}" ] && [ -x "${PULSKLAR_CHROMIUM}" ] && exit 0
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] && exit 0
if [ "$(id -u)" -eq 0 ] && command -v apt-get >/dev/null 2>&1; then
	echo "Installing chromium from Debian (needed by the browser tests)…"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -qq
	apt-get install -y -qq chromium >/dev/null
	exit 0
fi
echo "The browser tests need Chromium." >&2
echo "Install it with:  sudo apt-get install -y chromium" >&2
echo "(or set PULSKLAR_CHROMIUM to a Chromium executable)." >&2
exit 1
