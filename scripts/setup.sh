#!/usr/bin/env bash
# Installs whatever is missing on a Debian/Ubuntu machine. Idempotent: a second run only checks.
#   scripts/setup.sh run    — what `make run` needs (build deps, npm packages)
#   scripts/setup.sh test   — plus Xvfb, WebKitWebDriver, tauri-driver, sqlite3 for the tests
#                             and everything of windows-test (unless KASIR_WINDOWS_STAGE=0)
#   scripts/setup.sh windows       — the Windows cross build (`make windows`): Debian's Rust
#                                    1.96 with its std sources, MinGW-w64, NSIS; npm packages
#   scripts/setup.sh windows-test  — plus Wine, faketime, icoutils, sqlite3 for its tests
set -euo pipefail
mode=${1:-run}
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi

case "$mode" in
  run | test | windows | windows-test) ;;
  *)
    echo "usage: scripts/setup.sh [run|test|windows|windows-test]" >&2
    exit 2
    ;;
esac
# The Windows build: Debian's rustc-web/cargo-web (/usr/bin/rustc, /usr/bin/cargo) and the std
# sources to build std for x86_64-pc-windows-gnu (rustup cannot fetch other targets here),
# MinGW-w64 to link, NSIS for the installer. Its tests: Wine, faketime, icoutils (wrestool).
win_pkgs=(rustc-web cargo-web rust-web-src gcc-mingw-w64-x86-64 nsis)
win_test_pkgs=(wine wine64 faketime icoutils sqlite3)
case "$mode" in
  windows | windows-test)
    apt_pkgs=(build-essential pkg-config curl file "${win_pkgs[@]}")
    if [ "$mode" = "windows-test" ]; then apt_pkgs+=("${win_test_pkgs[@]}"); fi
    ;;
  *)
    apt_pkgs=(libwebkit2gtk-4.1-dev libgtk-3-dev librsvg2-dev libayatana-appindicator3-dev
      build-essential pkg-config libssl-dev libudev-dev curl file xdg-utils)
    if [ "$mode" = "test" ]; then
      # socat: pseudo-terminal pairs for the serial printer test; poppler-utils (pdftoppm) and
      # zbar-tools (zbarimg): label sheets and digital receipts rendered and their codes read back;
      # imagemagick (import): the customer display's window photographed off the X screen (the
      # app makes that window itself, so WebDriver cannot screenshot it).
      apt_pkgs+=(xvfb xauth webkit2gtk-driver sqlite3 dbus socat poppler-utils zbar-tools imagemagick)
      if [ "${KASIR_WINDOWS_STAGE:-1}" != "0" ] || [ "${CI:-}" = "true" ]; then
        apt_pkgs+=("${win_pkgs[@]}" "${win_test_pkgs[@]}")
      fi
    fi
    ;;
esac
if ! command -v node >/dev/null 2>&1; then apt_pkgs+=(nodejs npm); fi

missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt: installing ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Vite 8 needs Node.js 20.19 or newer (Debian 12's own nodejs is 18).
node_ok=$(node -e 'const [a,b]=process.versions.node.split(".").map(Number); console.log(a>20||(a===20&&b>=19)?1:0)' 2>/dev/null || echo 0)
if [ "$node_ok" != "1" ]; then
  echo "Node.js >= 20.19 is required (found: $(node --version 2>/dev/null || echo none))." >&2
  echo "Install it from nodejs.org, NodeSource or nvm, then run this again." >&2
  exit 1
fi

if ! command -v cargo >/dev/null 2>&1; then
  echo "Rust (cargo) is required: install it with rustup (https://rustup.rs) and run again." >&2
  exit 1
fi

# npm packages: reinstall when the lockfile changed since the last install.
stamp=node_modules/.package-lock.stamp
if [ ! -d node_modules ] || [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "==> npm ci"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi

if [ "$mode" = "test" ] && ! command -v tauri-driver >/dev/null 2>&1; then
  echo "==> cargo install tauri-driver"
  cargo install tauri-driver --locked --quiet
fi
