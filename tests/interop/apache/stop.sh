#!/usr/bin/env bash
# Stops what start.sh started (by the process ids it recorded) and removes its lab directory.
set -uo pipefail
state="${1:?usage: stop.sh <state file printed by start.sh>}"
[ -f "$state" ] || exit 0
lab=$(sed -n 's/^LAB_DIR=//p' "$state")
conf=$(sed -n 's/^HTTPD_CONF=//p' "$state")
pidfile=$(sed -n 's/^HTTPD_PID_FILE=//p' "$state")
sandbox=$(sed -n 's/^SANDBOX_PID=//p' "$state")
if [ -n "$pidfile" ] && [ -s "$pidfile" ]; then
  pid=$(cat "$pidfile")
  kill -TERM "$pid" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$pid" 2>/dev/null || break; sleep 0.25; done
fi
if [ -n "$sandbox" ]; then
  kill -TERM "$sandbox" 2>/dev/null
  for _ in $(seq 1 40); do kill -0 "$sandbox" 2>/dev/null || break; sleep 0.25; done
fi
case "$lab" in */calendarsharing-apache.*) rm -rf "$lab" ;; esac
