#!/usr/bin/env bash
# Renders the app icons from scripts/icon.svg with headless Chromium (run once; the PNGs are committed).
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
render() { # size scale radius out
	sed -e "s/SCALE/$2/" -e "s/PADRX/$3/" scripts/icon.svg > "$tmp/icon.svg"
	printf '<html><body style="margin:0;background:transparent"><img src="icon.svg" width="%s" height="%s"></body></html>' "$1" "$1" > "$tmp/index.html"
	chromium --headless --no-sandbox --disable-gpu --hide-scrollbars --default-background-color=00000000 \
		--window-size="$1,$1" --screenshot="$PWD/$4" "file://$tmp/index.html" >/dev/null 2>&1
}
render 192 1 96 static/icons/icon-192.png
render 512 1 96 static/icons/icon-512.png
render 512 0.72 0 static/icons/icon-maskable-512.png
render 64 1 96 static/favicon.png
rm -rf "$tmp"
