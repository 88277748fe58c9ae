#!/usr/bin/env bash
# Runs every test: lints, Rust unit + integration tests, binding drift, Vitest, and end-to-end
# in the real app window under Xvfb. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
export CARGO_TARGET_DIR=${CARGO_TARGET_DIR:-$HOME/.cache/kasir-alpiant/target}
export CARGO_TERM_COLOR=never
unset DISPLAY
started=$SECONDS
stage() { printf '\n==> %s (%ss)\n' "$1" "$((SECONDS - started))"; }

stage "cargo fmt --check"
(cd src-tauri && cargo fmt --all -- --check)

stage "cargo clippy -D warnings"
(cd src-tauri && cargo clippy --workspace --all-targets --quiet -- -D warnings)

stage "cargo test --workspace"
(cd src-tauri && cargo test --workspace)

stage "generated TypeScript bindings match the Rust types"
if ! git diff --exit-code --stat -- src/bindings || [ -n "$(git ls-files --others --exclude-standard src/bindings)" ]; then
  echo "src/bindings drifted from the Rust types: run 'cargo test' in src-tauri and commit src/bindings." >&2
  exit 1
fi

stage "tsc --noEmit, eslint"
npx tsc --noEmit
npx eslint . --max-warnings 0

stage "vitest"
npx vitest run

stage "build the app with the bundled frontend (tauri build --debug --no-bundle)"
npx tauri build --debug --no-bundle --ci

stage "end-to-end in the real window"
node e2e/run.mjs

stage "all tests passed"
