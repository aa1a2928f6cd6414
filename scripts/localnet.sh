#!/usr/bin/env bash
# Drop-in for subtensor's scripts/localnet.sh, for clients' e2e suites that start a local chain themselves:
#   USE_DOCKER=0 LOCALNET_SH_PATH=/path/to/subtensor-ts/scripts/localnet.sh pytest tests/e2e_tests
# Usage: localnet.sh [True|False] [--no-purge] [--build-only]
#   True (default) = fast blocks (250 ms, fast-runtime constants), False = 12 s blocks.
#   A fresh chain every start (subtensor's default purge); --no-purge keeps it in $BASE_DIR (default ./.localnet).
#   --build-only builds the epoch WASM and exits; BUILD_BINARY=0 skips that build.
# Serves JSON-RPC (ws + HTTP) on 127.0.0.1:9944 and :9945 (env LOCALNET_PORTS="p1,p2" to move them) and prints
# one `Imported #N (0x…)` line per block, the readiness pattern the SDK and btcli wait for.
# The node replaces this shell (exec), so killing the script's process group stops the chain.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
FAST_BLOCKS="True"
PURGE=1
BUILD_ONLY=0
for arg in "$@"; do
  case "$arg" in
    True|true|False|false) FAST_BLOCKS="$arg" ;;
    --no-purge) PURGE=0 ;;
    --build-only) BUILD_ONLY=1 ;;
    *) echo "localnet.sh: unknown argument '$arg' (expected True|False, --no-purge, --build-only)" >&2; exit 2 ;;
  esac
done

cd "$ROOT"
if [[ "${BUILD_BINARY:-1}" != "0" ]] && { [[ "$BUILD_ONLY" == 1 ]] || [[ ! -f build/epoch.wasm ]]; }; then
  npm run --silent build:wasm >&2
fi
[[ "$BUILD_ONLY" == 1 ]] && exit 0

args=(localnet "$FAST_BLOCKS" --ports "${LOCALNET_PORTS:-9944,9945}")
if [[ "$PURGE" == 0 ]]; then
  args+=(--db "${BASE_DIR:-$ROOT/.localnet}")
fi
exec node "$ROOT/bin/subtensor-ts.js" "${args[@]}"
