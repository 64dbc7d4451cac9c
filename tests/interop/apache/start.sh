#!/usr/bin/env bash
# Stands up the Negotiate interop lab on 127.0.0.1, all in a new temporary directory:
#   a sandbox server (CalendarSharing.SandboxServer, plain http on a free port, --front-end-auth), and in front of it
#   Apache httpd + mod_auth_gssapi + gss-ntlmssp: 'AuthType GSSAPI' with 'GssapiAllowedMech ntlmssp', i.e. NTLM inside
#   Negotiate (SPNEGO) and no keytab, users and passwords from a gss-ntlmssp user file (NTLM_USER_FILE), and
#   mod_proxy_http passing the authenticated user (REMOTE_USER) on to the sandbox with the run's shared secret.
# Prints the path of a state file (KEY=VALUE lines: APACHE_URL, SANDBOX_URL, LAB_DIR, ...) on stdout; stop it with
#   tests/interop/apache/stop.sh <state file>
# Needs the Debian packages apache2, libapache2-mod-auth-gssapi and gss-ntlmssp (.ci/run installs them):
#   apt-get update && apt-get install -y apache2 libapache2-mod-auth-gssapi gss-ntlmssp
# Nothing secret is printed: the user file and the proxy secret stay in the lab directory (mode 700).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"

modules=/usr/lib/apache2/modules
httpd=$(command -v apache2 || true)
[ -n "$httpd" ] || httpd=/usr/sbin/apache2
ntlmssp=$(ls /usr/lib/*/gssntlmssp/gssntlmssp.so /usr/lib64/gssntlmssp/gssntlmssp.so 2>/dev/null | head -n 1 || true)
missing=()
[ -x "$httpd" ] || missing+=("apache2")
[ -f "$modules/mod_auth_gssapi.so" ] || missing+=("libapache2-mod-auth-gssapi")
[ -n "$ntlmssp" ] || missing+=("gss-ntlmssp")
if [ ${#missing[@]} -gt 0 ]; then
  echo "Apache interop lab: missing ${missing[*]}. Install with: apt-get update && apt-get install -y apache2 libapache2-mod-auth-gssapi gss-ntlmssp (as root; .ci/run does this)" >&2
  exit 3
fi

lab=$(mktemp -d "${TMPDIR:-/tmp}/calendarsharing-apache.XXXXXX")
chmod 700 "$lab"
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

# The sandbox server, built if needed (incremental), on a free port chosen by Kestrel.
server_dll="${CALENDARSHARING_SANDBOX_SERVER_DLL:-$repo/src/CalendarSharing.SandboxServer/bin/Release/net10.0/CalendarSharing.SandboxServer.dll}"
if [ -z "${CALENDARSHARING_SANDBOX_SERVER_DLL:-}" ]; then
  dotnet build "$repo/src/CalendarSharing.SandboxServer/CalendarSharing.SandboxServer.csproj" -c Release -nologo -v q >"$lab/build.log" 2>&1 ||
    { echo "Apache interop lab: building the sandbox server failed, see $lab/build.log" >&2; exit 1; }
fi
# Run a copy, so that the build and the tests can rebuild bin/ while this server runs.
cp -r "$(dirname "$server_dll")" "$lab/server"
server_dll="$lab/server/$(basename "$server_dll")"
secret=$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')
CALENDARSHARING_SANDBOX_FRONTEND_SECRET="$secret" setsid dotnet "$server_dll" --urls http://127.0.0.1:0 --front-end-auth \
  >"$lab/sandbox.out" 2>"$lab/sandbox.err" </dev/null &
sandbox_pid=$!
echo "SANDBOX_PID=$sandbox_pid" >"$state"
echo "LAB_DIR=$lab" >>"$state"
for _ in $(seq 1 120); do
  grep -q '^Press Ctrl+C' "$lab/sandbox.out" 2>/dev/null && break
  kill -0 "$sandbox_pid" 2>/dev/null || { echo "Apache interop lab: the sandbox server exited, see $lab/sandbox.err" >&2; exit 1; }
  sleep 0.5
done
ews=$(sed -n 's/^EWS URL: *\([^ ]*\).*/\1/p' "$lab/sandbox.out" | head -n 1)
[ -n "$ews" ] || { echo "Apache interop lab: the sandbox server did not start, see $lab/sandbox.err" >&2; exit 1; }
sandbox_port=$(echo "$ews" | sed 's#http://127.0.0.1:\([0-9]*\)/.*#\1#')

# gss-ntlmssp's user database (Heimdal format DOMAIN:user:password), from the sandbox's own account list.
awk '/^Accounts/{on=1;next} /^App registrations/{on=0} on && $2 ~ /\\/ {split($2,a,"\\"); print a[1] ":" a[2] ":" $3}' \
  "$lab/sandbox.out" >"$lab/ntlm-users"
[ -s "$lab/ntlm-users" ] || { echo "Apache interop lab: no accounts read from the sandbox server" >&2; exit 1; }
printf 'gssntlmssp_v1 1.3.6.1.4.1.311.2.2.10 %s\n' "$ntlmssp" >"$lab/gss-mech-ntlmssp.conf"
: >"$lab/gss-mech-none.conf"

port=$(free_port)
loglevel=warn
[ -z "${CALENDARSHARING_APACHE_DEBUG:-}" ] || loglevel=debug
cat >"$lab/httpd.conf" <<CONF
ServerRoot "$lab"
ServerName 127.0.0.1
Listen 127.0.0.1:$port
PidFile "$lab/httpd.pid"
ErrorLog "$lab/error.log"
LogLevel $loglevel
LoadModule mpm_event_module $modules/mod_mpm_event.so
LoadModule authn_core_module $modules/mod_authn_core.so
LoadModule authz_core_module $modules/mod_authz_core.so
LoadModule authz_user_module $modules/mod_authz_user.so
LoadModule headers_module $modules/mod_headers.so
LoadModule proxy_module $modules/mod_proxy.so
LoadModule proxy_http_module $modules/mod_proxy_http.so
LoadModule auth_gssapi_module $modules/mod_auth_gssapi.so
$( [ "$(id -u)" = 0 ] && echo "User www-data
Group www-data" )
# NTLM takes two round trips on one connection.
KeepAlive On
MaxKeepAliveRequests 0
<Location "/EWS/">
    AuthType GSSAPI
    AuthName "CalendarSharing interop"
    GssapiAllowedMech ntlmssp
    GssapiConnectionBound On
    Require valid-user
    # The sandbox trusts this front end's word (SandboxServer --front-end-auth), not the client's NTLM tokens.
    RequestHeader unset Authorization
    RequestHeader set X-CalendarSharing-FrontEnd-User "expr=%{REMOTE_USER}"
    RequestHeader set X-CalendarSharing-FrontEnd-Secret "$secret"
    ProxyPass "http://127.0.0.1:$sandbox_port/EWS/"
</Location>
CONF
chmod 600 "$lab/httpd.conf" "$lab/ntlm-users"
if [ "$(id -u)" = 0 ]; then chown -R www-data:www-data "$lab"; fi

env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C \
  NTLM_USER_FILE="$lab/ntlm-users" GSS_MECH_CONFIG="$lab/gss-mech-ntlmssp.conf" \
  NETBIOS_DOMAIN_NAME=CONTOSO NETBIOS_COMPUTER_NAME=APACHE \
  ${CALENDARSHARING_APACHE_DEBUG:+GSSNTLMSSP_DEBUG="$lab/gssntlmssp.log"} \
  "$httpd" -f "$lab/httpd.conf" -k start
for _ in $(seq 1 40); do
  [ -s "$lab/httpd.pid" ] && (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break
  sleep 0.25
done
[ -s "$lab/httpd.pid" ] || { echo "Apache interop lab: httpd did not start, see $lab/error.log" >&2; cat "$lab/error.log" >&2 || true; exit 1; }

cat >>"$state" <<STATE
HTTPD_PID_FILE=$lab/httpd.pid
HTTPD_CONF=$lab/httpd.conf
APACHE_URL=http://127.0.0.1:$port/EWS/Exchange.asmx
SANDBOX_URL=$ews
GSS_MECH_WITH_NTLMSSP=$lab/gss-mech-ntlmssp.conf
GSS_MECH_WITHOUT_NTLMSSP=$lab/gss-mech-none.conf
STATE
started=1
echo "$state"
