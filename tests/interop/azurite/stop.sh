#!/usr/bin/env bash
# Stops what start.sh started (by the process id it recorded) and removes its directory.
set -uo pipefail
state="${1:?usage: stop.sh <state file printed by start.sh>}"
[ -f "$state" ] || exit 0
lab=$(sed -n 's/^LAB_DIR=//p' "$state")
pid=$(sed -n 's/^AZURITE_PID=//p' "$state")
if [ -n "$pid" ]; then
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
  kill -KILL "$pid" 2>/dev/null
fi
case "$lab" in */calendarsharing-azurite.*) rm -rf "$lab" ;; esac
