#!/usr/bin/env bash
#
# Run one command with sqlcraft's throwaway PostgreSQL and MariaDB servers up:
#
#   ./scripts/with-servers.sh cargo bench
#   ./scripts/with-servers.sh cargo test -p sqlcraft-postgres
#   ./scripts/with-servers.sh bash            # a shell with the env vars set
#
# The command runs from the repo root with SQLCRAFT_PG_URL, SQLCRAFT_MYSQL_URL,
# SQLCRAFT_PG_BIN/_DATA/_USER, SQLCRAFT_MYSQL_DATA/_SOCKET, ... and
# SQLCRAFT_REQUIRE_SERVERS=1 exported (see scripts/lib/servers.sh).  Its exit
# code is this script's; the servers are stopped and their temp folders
# removed afterwards, however it ends.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
. scripts/lib/servers.sh

sqlcraft_servers_start

sqlcraft_section "running: $*"
rc=0
sqlcraft_run "$@" || rc=$?
sqlcraft_section "command exited with status $rc"
exit "$rc"
