#!/usr/bin/env bash
# Starts Azurite's table service (the open-source Azure Storage emulator, npm package azurite) on 127.0.0.1 for the
# Azure Table sync state store tests (tests/CalendarSharing.Tests/Sync/AzureTable*), in memory, on a free port.
# Installs the pinned version into a cache folder first when it is not there (idempotent, never globally):
#   ${CALENDARSHARING_AZURITE_HOME:-<repo>/out/tools/azurite/<version>}
# Prints the path of a state file (KEY=VALUE lines: TABLE_ENDPOINT, AZURITE_PID, LAB_DIR) on stdout; stop it with
#   tests/interop/azurite/stop.sh <state file>
# Needs node and npm (https://nodejs.org; Debian: apt-get install -y nodejs npm).
# Azurite's account and key are the public, documented development ones
# (https://learn.microsoft.com/azure/storage/common/storage-use-azurite#well-known-storage-account-and-key); the tests
# build their connection string from TABLE_ENDPOINT, so nothing secret is printed or stored here.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
version="${CALENDARSHARING_AZURITE_VERSION:-3.37.0}"
home="${CALENDARSHARING_AZURITE_HOME:-$repo/out/tools/azurite/$version}"

command -v node >/dev/null 2>&1 || { echo "Azurite: node is missing. Install Node.js 18 or later (Debian: apt-get install -y nodejs npm)." >&2; exit 3; }
entry="$home/node_modules/azurite/dist/src/table/main.js"
if [ ! -f "$entry" ]; then
  command -v npm >/dev/null 2>&1 || { echo "Azurite: npm is missing (Debian: apt-get install -y npm)." >&2; exit 3; }
  mkdir -p "$home"
  npm install --prefix "$home" --no-audit --no-fund --loglevel=error "azurite@$version" >"$home/npm-install.log" 2>&1 ||
    { echo "Azurite: npm install azurite@$version failed, see $home/npm-install.log" >&2; exit 1; }
fi
[ -f "$entry" ] || { echo "Azurite: $entry is missing after npm install" >&2; exit 1; }

lab=$(mktemp -d "${TMPDIR:-/tmp}/calendarsharing-azurite.XXXXXX")
state="$lab/state"
started=0
cleanup() { [ "$started" = 1 ] || "$here/stop.sh" "$state"; }
trap cleanup EXIT

free_port() {
  local port
  for _ in $(seq 1 50); do
    port=$(( 20000 + RANDOM % 40000 ))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "$port"; return 0; fi
  done
  echo "no free port found" >&2; return 1
}

port=$(free_port)
# In memory (nothing left on disk), any API version the SDK speaks, no telemetry, path-style URLs only.
setsid node "$entry" --tableHost 127.0.0.1 --tablePort "$port" --inMemoryPersistence --skipApiVersionCheck \
  --disableTelemetry --disableProductStyleUrl \
  >"$lab/azurite.out" 2>"$lab/azurite.err" </dev/null &
pid=$!
echo "AZURITE_PID=$pid" >"$state"
echo "LAB_DIR=$lab" >>"$state"
for _ in $(seq 1 120); do
  grep -q 'successfully started' "$lab/azurite.out" 2>/dev/null && break
  kill -0 "$pid" 2>/dev/null || { echo "Azurite exited, see $lab/azurite.err" >&2; cat "$lab/azurite.err" >&2; exit 1; }
  sleep 0.25
done
grep -q 'successfully started' "$lab/azurite.out" || { echo "Azurite did not start, see $lab/azurite.out" >&2; exit 1; }
echo "TABLE_ENDPOINT=http://127.0.0.1:$port/devstoreaccount1" >>"$state"
started=1
echo "$state"
