#!/usr/bin/env bash
# The till benchmark (`make bench`): builds Kasir Alpiant and an empty Tauri window of the same
# Tauri/wry versions (bench/empty-window), then runs bench/run.mjs under Xvfb, which launches
# both through tauri-driver and prints launch time, memory, sizes and the QRIS/report latencies,
# with a ratio table against the previous run (results in test-output/bench/<profile>/).
#
#   KASIR_BENCH_PROFILE=release  (default) release builds and .deb installers, as shipped
#   KASIR_BENCH_PROFILE=debug    the debug app the e2e stage built (no rebuild), for CI: proves
#                                the benchmark runs; its figures say nothing about the release
#   KASIR_BENCH_N=15             launches of each window (CI: 1)
#   KASIR_BENCH_IDLE_S=10        idle seconds before each memory reading
#   KASIR_BENCH_PSS_SAMPLES=3    launches with memory readings
#   KASIR_BENCH_BUILD_NICE=19    run the builds (not the measurement) at this nice level
#   KASIR_BENCH_BEFORE=BIN       an earlier build of the app, measured in the same run as a third
#   KASIR_BENCH_BEFORE_DEB=FILE  window (its .deb for the size row): before/after under one load
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/kasir-alpiant/target}
export CARGO_TERM_COLOR=never
profile=${KASIR_BENCH_PROFILE:-release}
tauri=("$root/node_modules/.bin/tauri")
build=(nice -n "${KASIR_BENCH_BUILD_NICE:-0}")
started=$SECONDS
step() { printf '==> bench: %s (%ss)\n' "$1" "$((SECONDS - started))"; }

case "$profile" in
  release | debug) ;;
  *)
    echo "KASIR_BENCH_PROFILE must be release or debug (got '$profile')" >&2
    exit 2
    ;;
esac

# The floor must be built like the app: same [profile.release] (…and its per-package tables).
profile_of() {
  awk '/^\[/ { on = ($0 ~ /^\[profile\.release(\.|\])/) } on && !/^[[:space:]]*(#|$)/' "$1"
}
if ! diff <(profile_of src-tauri/Cargo.toml) <(profile_of bench/empty-window/Cargo.toml) >/dev/null; then
  echo "bench/empty-window/Cargo.toml: [profile.release] differs from src-tauri/Cargo.toml; copy it over:" >&2
  diff <(profile_of src-tauri/Cargo.toml) <(profile_of bench/empty-window/Cargo.toml) >&2 || true
  exit 1
fi
# Same versions as the app: the floor's lockfile is the app's (cargo drops what it does not use).
cp src-tauri/Cargo.lock bench/empty-window/Cargo.lock

empty_deb=""
app_deb=""
if [ "$profile" = release ]; then
  step "release build of the app and its .deb (npx tauri build --bundles deb)"
  "${build[@]}" "${tauri[@]}" build --bundles deb --ci
  step "release build of the empty window and its .deb"
  (cd bench/empty-window && "${build[@]}" "${tauri[@]}" build --bundles deb --ci)
  app_bin="$CARGO_TARGET_DIR/release/kasir-alpiant"
  empty_bin="$CARGO_TARGET_DIR/release/kasir-bench-empty"
  deb_dir="$CARGO_TARGET_DIR/release/bundle/deb"
  app_deb=$(ls -t "$deb_dir"/"Kasir Alpiant_"*_amd64.deb | head -n 1)
  empty_deb=$(ls -t "$deb_dir"/"Kasir Bench Empty_"*_amd64.deb | head -n 1)
  # As `make bundle` ships them: repacked with xz.
  "${build[@]}" scripts/deb-xz.sh "$app_deb" "$empty_deb"
else
  app_bin="$CARGO_TARGET_DIR/debug/kasir-alpiant"
  if [ ! -x "$app_bin" ]; then
    step "debug build of the app with the bundled frontend (none to reuse)"
    "${build[@]}" "${tauri[@]}" build --debug --no-bundle --ci
  else
    step "reusing the debug app at $app_bin"
  fi
  step "debug build of the empty window"
  (cd bench/empty-window && "${build[@]}" "${tauri[@]}" build --debug --no-bundle --ci)
  empty_bin="$CARGO_TARGET_DIR/debug/kasir-bench-empty"
fi

# Prove the pin: the same tauri, wry, tao and webkit2gtk in both lockfiles.
versions() {
  awk '/^name = "(tauri|tauri-runtime-wry|wry|tao|webkit2gtk)"$/ { n = $3 } n && /^version/ { print n, $3; n = "" }' "$1" | sort
}
if ! diff <(versions src-tauri/Cargo.lock) <(versions bench/empty-window/Cargo.lock) >/dev/null; then
  echo "the empty window was built with other Tauri/wry versions than the app:" >&2
  diff <(versions src-tauri/Cargo.lock) <(versions bench/empty-window/Cargo.lock) >&2 || true
  exit 1
fi
echo "same versions in both lockfiles: $(versions src-tauri/Cargo.lock | tr -d '"' | paste -sd ',' | sed 's/,/, /g')"

step "measuring (KASIR_BENCH_N=${KASIR_BENCH_N:-15})"
unset DISPLAY
# In a D-Bus session of its own, as on a desktop: without one, GLib and tao try to start a bus
# (dbus-launch) on every launch, which a shop PC never does, and the single-instance plugin
# would not register its name.
measure=(node bench/run.mjs --profile "$profile" --app "$app_bin" --empty "$empty_bin"
  ${app_deb:+--app-deb "$app_deb"} ${empty_deb:+--empty-deb "$empty_deb"}
  ${KASIR_BENCH_BEFORE:+--before "$KASIR_BENCH_BEFORE"}
  ${KASIR_BENCH_BEFORE_DEB:+--before-deb "$KASIR_BENCH_BEFORE_DEB"})
dbus-run-session -- "${measure[@]}"
step "done"
