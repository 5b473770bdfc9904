# shellcheck shell=bash
#
# Throwaway PostgreSQL + MariaDB servers for sqlcraft's integration tests.
#
# Sourced by scripts/test.sh and scripts/with-servers.sh; not meant to be run
# on its own.  Callers are expected to run under `set -euo pipefail`.
#
# Public functions:
#   sqlcraft_servers_start   start both servers, export the SQLCRAFT_* env vars
#                            and install an EXIT trap that stops them again
#   sqlcraft_servers_stop    stop both servers and remove their temp folders
#                            (idempotent; called by the EXIT trap)
#   sqlcraft_install_traps   the EXIT/INT/TERM/HUP traps alone (done by _start)
#   sqlcraft_run CMD...      run a command so that a signal to this script
#                            also ends it (and its children) before cleanup
#   sqlcraft_section TEXT    print a "== TEXT ==" header
#   sqlcraft_die TEXT        print an error and exit 1
#
# What it does:
#   * PostgreSQL: uses initdb/pg_ctl/postgres from $SQLCRAFT_PG_BIN, PATH or
#     /usr/lib/postgresql/*/bin (apt-installs postgresql-15 if none is found).
#     initdb refuses to run as root, so when run as root the cluster belongs to
#     the unprivileged system user $SQLCRAFT_PG_USER (default sqlcraft_test,
#     created if missing) and pg_ctl runs through `runuser -u`.
#   * MariaDB: uses mariadbd/mysqld (apt-installs mariadb-server if missing,
#     with a policy-rc.d that keeps the package from starting its service).
#     The server runs as the same unprivileged user when run as root, from a
#     generated my.cnf ($SQLCRAFT_MYSQL_CNF) so tests can restart it with
#     `mariadbd --defaults-file="$SQLCRAFT_MYSQL_CNF"`.
#   * Both listen on 127.0.0.1 only, on free ports, with their data, sockets,
#     logs and pid files in `mktemp -d` folders; real password auth for the
#     test user sqlcraft/sqlcraft on database sqlcraft_test.
#
# Exported after sqlcraft_servers_start:
#   SQLCRAFT_PG_URL        postgresql://sqlcraft:sqlcraft@127.0.0.1:PORT/sqlcraft_test
#   SQLCRAFT_MYSQL_URL     mysql://sqlcraft:sqlcraft@127.0.0.1:PORT/sqlcraft_test
#   SQLCRAFT_PG_BIN        directory holding initdb, pg_ctl, postgres, psql
#   SQLCRAFT_PG_DATA       PostgreSQL data directory (PGDATA)
#   SQLCRAFT_PG_USER       unix user owning the cluster (run pg_ctl as it)
#   SQLCRAFT_PG_PORT, SQLCRAFT_PG_SOCKET_DIR, SQLCRAFT_PG_LOG
#   SQLCRAFT_MYSQL_DATA    MariaDB data directory
#   SQLCRAFT_MYSQL_SOCKET  MariaDB unix socket (root can log in through it)
#   SQLCRAFT_MYSQL_PORT, SQLCRAFT_MYSQL_CNF, SQLCRAFT_MYSQLD, SQLCRAFT_MYSQL_LOG,
#   SQLCRAFT_MYSQL_PID_FILE
#   SQLCRAFT_REQUIRE_SERVERS=1
#
# Fault-injection recipes (as root):
#   runuser -u "$SQLCRAFT_PG_USER" -- "$SQLCRAFT_PG_BIN/pg_ctl" -D "$SQLCRAFT_PG_DATA" -m fast -w stop
#   runuser -u "$SQLCRAFT_PG_USER" -- "$SQLCRAFT_PG_BIN/pg_ctl" -D "$SQLCRAFT_PG_DATA" -l "$SQLCRAFT_PG_LOG" -w start
#   kill "$(cat "$SQLCRAFT_MYSQL_PID_FILE")"                  # clean shutdown
#   "$SQLCRAFT_MYSQLD" --defaults-file="$SQLCRAFT_MYSQL_CNF" </dev/null >/dev/null 2>&1 &
#   (when not root, drop the runuser prefix)
#
# Tunables (environment):
#   SQLCRAFT_PG_BIN          use these PostgreSQL binaries
#   SQLCRAFT_PG_USER         unix user for the cluster when running as root
#   SQLCRAFT_START_TIMEOUT   seconds to wait for each server (default 90)

# ---------------------------------------------------------------------------
# small helpers

_SQLCRAFT_DB=sqlcraft_test
_SQLCRAFT_DB_USER=sqlcraft
_SQLCRAFT_DB_PASSWORD=sqlcraft

_sqlcraft_pg_tmp=""
_sqlcraft_my_tmp=""
_sqlcraft_policy_rc_created=""
_sqlcraft_apt_updated=""
_sqlcraft_stopped=""
_sqlcraft_child=""

sqlcraft_section() {
    printf '\n== %s ==\n' "$*"
}

sqlcraft_log() {
    printf '   %s\n' "$*"
}

sqlcraft_die() {
    printf '\nERROR: %s\n' "$*" >&2
    exit 1
}

_sqlcraft_is_root() {
    [ "$(id -u)" -eq 0 ]
}

# Print a file (a server log) to stderr, with a header.
_sqlcraft_dump() {
    local title=$1 file=$2
    {
        printf -- '---- %s (%s) ----\n' "$title" "$file"
        if [ -f "$file" ]; then tail -n 200 "$file"; else echo "(missing)"; fi
        printf -- '---- end of %s ----\n' "$title"
    } >&2
}

# Run a command as the unprivileged server user (as ourselves when not root),
# from a directory that user can read.
_sqlcraft_as_server_user() {
    if _sqlcraft_is_root; then
        (cd / && runuser -u "$SQLCRAFT_PG_USER" -- "$@")
    else
        "$@"
    fi
}

# Echo a free TCP port on 127.0.0.1, avoiding the kernel's ephemeral range and
# any port given as argument.
_sqlcraft_free_port() {
    local exclude="$*" port
    if command -v python3 >/dev/null 2>&1; then
        port=$(python3 - "$@" <<'EOF'
import random, socket, sys
exclude = {int(a) for a in sys.argv[1:]}
for _ in range(500):
    p = random.randrange(20000, 32000)
    if p in exclude:
        continue
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    try:
        s.bind(("127.0.0.1", p))
    except OSError:
        continue
    finally:
        s.close()
    print(p)
    sys.exit(0)
sys.exit(1)
EOF
        ) && { echo "$port"; return 0; }
    fi
    # Fallback: a port nothing answers on is taken as free.
    for _ in $(seq 1 500); do
        port=$((20000 + RANDOM % 12000))
        case " $exclude " in *" $port "*) continue ;; esac
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return 0
        fi
    done
    sqlcraft_die "could not find a free TCP port on 127.0.0.1"
}

# apt-get install, with `apt-get update` done at most once per run, and a
# policy-rc.d that keeps packages from starting system services meanwhile.
_sqlcraft_apt_install() {
    _sqlcraft_is_root || sqlcraft_die "need to install $* but not running as root; install them by hand"
    command -v apt-get >/dev/null 2>&1 || sqlcraft_die "need to install $* but apt-get is not available"
    local log
    log=$(mktemp "${TMPDIR:-/tmp}/sqlcraft-apt.XXXXXX.log")
    if [ ! -e /usr/sbin/policy-rc.d ]; then
        printf '#!/bin/sh\n# temporary, written by sqlcraft scripts/lib/servers.sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        _sqlcraft_policy_rc_created=1
    fi
    local rc=0
    if [ -z "$_sqlcraft_apt_updated" ]; then
        sqlcraft_log "apt-get update"
        apt-get -o DPkg::Lock::Timeout=600 update >"$log" 2>&1 || rc=$?
        _sqlcraft_apt_updated=1
    fi
    if [ "$rc" -eq 0 ]; then
        sqlcraft_log "apt-get install $*"
        DEBIAN_FRONTEND=noninteractive apt-get -y -o DPkg::Lock::Timeout=600 \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            install --no-install-recommends "$@" </dev/null >>"$log" 2>&1 || rc=$?
    fi
    _sqlcraft_remove_policy_rc
    if [ "$rc" -ne 0 ]; then
        _sqlcraft_dump "apt-get output" "$log"
        rm -f "$log"
        sqlcraft_die "apt-get install $* failed (exit $rc)"
    fi
    rm -f "$log"
}

_sqlcraft_remove_policy_rc() {
    if [ -n "$_sqlcraft_policy_rc_created" ]; then
        rm -f /usr/sbin/policy-rc.d
        _sqlcraft_policy_rc_created=""
    fi
}

# Create the unprivileged system user the servers run as (root only).
_sqlcraft_ensure_server_user() {
    if ! _sqlcraft_is_root; then
        SQLCRAFT_PG_USER=$(id -un)
        return 0
    fi
    SQLCRAFT_PG_USER=${SQLCRAFT_PG_USER:-sqlcraft_test}
    if ! getent passwd "$SQLCRAFT_PG_USER" >/dev/null; then
        sqlcraft_log "creating system user $SQLCRAFT_PG_USER"
        useradd --system --user-group --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin --comment "sqlcraft test servers" "$SQLCRAFT_PG_USER" \
            || getent passwd "$SQLCRAFT_PG_USER" >/dev/null \
            || sqlcraft_die "could not create user $SQLCRAFT_PG_USER"
    fi
}

# Wait until "$@" succeeds, at most $1 seconds; $2 is a pid that must stay
# alive meanwhile ("" to skip that check).
_sqlcraft_wait_for() {
    local timeout=$1 pid=$2
    shift 2
    local deadline=$((SECONDS + timeout))
    while ! "$@" >/dev/null 2>&1; do
        if [ -n "$pid" ] && ! kill -0 "$pid" 2>/dev/null; then
            return 2
        fi
        if [ "$SECONDS" -ge "$deadline" ]; then
            return 1
        fi
        sleep 0.5
    done
}

# ---------------------------------------------------------------------------
# PostgreSQL

_sqlcraft_has_pg_bins() {
    [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]
}

_sqlcraft_find_pg_bin() {
    local p d
    if [ -n "${SQLCRAFT_PG_BIN:-}" ]; then
        echo "$SQLCRAFT_PG_BIN"
        return 0
    fi
    if p=$(command -v pg_ctl 2>/dev/null); then
        for d in "$(dirname "$(readlink -f "$p")")" "$(dirname "$p")"; do
            _sqlcraft_has_pg_bins "$d" && { echo "$d"; return 0; }
        done
    fi
    # Debian layout: prefer 15, then the newest.
    for d in /usr/lib/postgresql/15/bin $(printf '%s\n' /usr/lib/postgresql/*/bin | sort -t/ -k5 -rn); do
        _sqlcraft_has_pg_bins "$d" && { echo "$d"; return 0; }
    done
    return 1
}

_sqlcraft_pg_start() {
    local bin
    if [ -n "${SQLCRAFT_PG_BIN:-}" ] && ! _sqlcraft_has_pg_bins "$SQLCRAFT_PG_BIN"; then
        sqlcraft_die "SQLCRAFT_PG_BIN=$SQLCRAFT_PG_BIN has no initdb/pg_ctl/postgres"
    fi
    if ! bin=$(_sqlcraft_find_pg_bin); then
        sqlcraft_log "PostgreSQL server binaries not found; installing them"
        if apt-cache show postgresql-15 >/dev/null 2>&1; then
            _sqlcraft_apt_install postgresql-15
        else
            _sqlcraft_apt_install postgresql
        fi
        bin=$(_sqlcraft_find_pg_bin) || sqlcraft_die "PostgreSQL installed but initdb/pg_ctl/postgres not found"
    fi
    export SQLCRAFT_PG_BIN=$bin
    local psql="$bin/psql"
    [ -x "$psql" ] || psql=$(command -v psql) || sqlcraft_die "psql not found"
    local isready="$bin/pg_isready"
    [ -x "$isready" ] || isready=$(command -v pg_isready) || isready=""

    local t0=$SECONDS
    _sqlcraft_pg_tmp=$(mktemp -d "${TMPDIR:-/tmp}/sqlcraft-pg.XXXXXX")
    local tmp=$_sqlcraft_pg_tmp
    mkdir -p "$tmp/socket"
    if _sqlcraft_is_root; then
        chown -R "$SQLCRAFT_PG_USER:" "$tmp"
    fi
    export SQLCRAFT_PG_DATA="$tmp/data"
    export SQLCRAFT_PG_SOCKET_DIR="$tmp/socket"
    export SQLCRAFT_PG_LOG="$tmp/postgres.log"
    export SQLCRAFT_PG_USER

    sqlcraft_log "initdb ($("$bin/postgres" --version)) in $SQLCRAFT_PG_DATA as unix user $SQLCRAFT_PG_USER"
    if ! _sqlcraft_as_server_user "$bin/initdb" --pgdata="$SQLCRAFT_PG_DATA" --username=postgres \
        --encoding=UTF8 --no-locale --auth-local=trust --auth-host=scram-sha-256 --no-sync \
        >"$tmp/initdb.log" 2>&1; then
        _sqlcraft_dump "initdb output" "$tmp/initdb.log"
        sqlcraft_die "initdb failed"
    fi

    local port="" attempt
    for attempt in 1 2 3; do
        port=$(_sqlcraft_free_port)
        sqlcraft_section "starting PostgreSQL on 127.0.0.1:$port"
        rm -f "$SQLCRAFT_PG_LOG"
        # Later settings win, so a retry just appends a new port.
        cat >>"$SQLCRAFT_PG_DATA/postgresql.conf" <<EOF

# --- sqlcraft test server (scripts/lib/servers.sh) ---
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '$SQLCRAFT_PG_SOCKET_DIR'
password_encryption = 'scram-sha-256'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
EOF
        if _sqlcraft_as_server_user "$bin/pg_ctl" --pgdata="$SQLCRAFT_PG_DATA" \
            --log="$SQLCRAFT_PG_LOG" --wait --timeout="${SQLCRAFT_START_TIMEOUT:-90}" \
            start >"$tmp/pg_ctl.log" 2>&1; then
            break
        fi
        if [ "$attempt" -lt 3 ] && grep -qiE 'could not bind|address already in use' "$SQLCRAFT_PG_LOG" 2>/dev/null; then
            sqlcraft_log "port $port was taken meanwhile; retrying on another port"
            _sqlcraft_as_server_user "$bin/pg_ctl" --pgdata="$SQLCRAFT_PG_DATA" -m immediate stop >/dev/null 2>&1 || true
            continue
        fi
        _sqlcraft_dump "pg_ctl output" "$tmp/pg_ctl.log"
        _sqlcraft_dump "PostgreSQL server log" "$SQLCRAFT_PG_LOG"
        sqlcraft_die "PostgreSQL did not start"
    done
    export SQLCRAFT_PG_PORT=$port

    if [ -n "$isready" ]; then
        if ! _sqlcraft_wait_for "${SQLCRAFT_START_TIMEOUT:-90}" "" \
            "$isready" -q -h 127.0.0.1 -p "$port" -d postgres -t 2; then
            _sqlcraft_dump "PostgreSQL server log" "$SQLCRAFT_PG_LOG"
            sqlcraft_die "PostgreSQL does not accept connections on 127.0.0.1:$port"
        fi
    fi

    # Superuser over the unix socket (trust), then the test role + database.
    if ! PGCONNECT_TIMEOUT=10 "$psql" -X -q -v ON_ERROR_STOP=1 -h "$SQLCRAFT_PG_SOCKET_DIR" -p "$port" \
        -U postgres -d postgres >"$tmp/setup.log" 2>&1 <<EOF
CREATE ROLE $_SQLCRAFT_DB_USER LOGIN CREATEDB PASSWORD '$_SQLCRAFT_DB_PASSWORD';
CREATE DATABASE $_SQLCRAFT_DB OWNER $_SQLCRAFT_DB_USER;
EOF
    then
        _sqlcraft_dump "psql setup output" "$tmp/setup.log"
        _sqlcraft_dump "PostgreSQL server log" "$SQLCRAFT_PG_LOG"
        sqlcraft_die "could not create the PostgreSQL test role/database"
    fi

    export SQLCRAFT_PG_URL="postgresql://$_SQLCRAFT_DB_USER:$_SQLCRAFT_DB_PASSWORD@127.0.0.1:$port/$_SQLCRAFT_DB"
    # Check the exact URL the tests get (TCP + scram password auth).
    local version
    if ! version=$(PGCONNECT_TIMEOUT=10 "$psql" -X -qAt "$SQLCRAFT_PG_URL" -c 'select version()' 2>&1); then
        printf '%s\n' "$version" >&2
        _sqlcraft_dump "PostgreSQL server log" "$SQLCRAFT_PG_LOG"
        sqlcraft_die "cannot connect to $SQLCRAFT_PG_URL"
    fi
    sqlcraft_log "server: $version"
    sqlcraft_log "ready in $((SECONDS - t0))s: SQLCRAFT_PG_URL=$SQLCRAFT_PG_URL"
}

_sqlcraft_pg_stop() {
    local tmp=$_sqlcraft_pg_tmp
    [ -n "$tmp" ] || return 0
    if [ -f "$tmp/data/postmaster.pid" ] && [ -n "${SQLCRAFT_PG_BIN:-}" ]; then
        local pid
        pid=$(head -n1 "$tmp/data/postmaster.pid" 2>/dev/null || true)
        _sqlcraft_as_server_user "$SQLCRAFT_PG_BIN/pg_ctl" --pgdata="$tmp/data" -m fast --wait --timeout=30 stop >/dev/null 2>&1 \
            || _sqlcraft_as_server_user "$SQLCRAFT_PG_BIN/pg_ctl" --pgdata="$tmp/data" -m immediate --wait --timeout=15 stop >/dev/null 2>&1 \
            || { [ -n "$pid" ] && kill -KILL "$pid" 2>/dev/null; sleep 1; } \
            || true
    fi
    rm -rf "$tmp"
    _sqlcraft_pg_tmp=""
    sqlcraft_log "PostgreSQL stopped, $tmp removed"
}

# ---------------------------------------------------------------------------
# MariaDB

_sqlcraft_find_cmd() {
    local name d
    for name in "$@"; do
        if command -v "$name" >/dev/null 2>&1; then
            command -v "$name"
            return 0
        fi
        for d in /usr/sbin /usr/local/sbin /usr/libexec /usr/bin; do
            [ -x "$d/$name" ] && { echo "$d/$name"; return 0; }
        done
    done
    return 1
}

_sqlcraft_mysql_pidfile_pid() {
    cat /run/mysqld/mysqld.pid 2>/dev/null || true
}

_sqlcraft_my_start() {
    local mysqld installdb client admin
    if ! mysqld=$(_sqlcraft_find_cmd mariadbd mysqld) \
        || ! installdb=$(_sqlcraft_find_cmd mariadb-install-db mysql_install_db) \
        || ! client=$(_sqlcraft_find_cmd mariadb mysql) \
        || ! admin=$(_sqlcraft_find_cmd mariadb-admin mysqladmin); then
        sqlcraft_log "MariaDB not found; installing mariadb-server and mariadb-client"
        local t_install=$SECONDS before_pid after_pid
        before_pid=$(_sqlcraft_mysql_pidfile_pid)
        _sqlcraft_apt_install mariadb-server mariadb-client
        # If the package managed to start its system service anyway, stop it:
        # we only want servers we control.
        after_pid=$(_sqlcraft_mysql_pidfile_pid)
        if [ -n "$after_pid" ] && [ "$after_pid" != "$before_pid" ] && kill -0 "$after_pid" 2>/dev/null; then
            sqlcraft_log "stopping the system MariaDB service the package started (pid $after_pid)"
            kill -TERM "$after_pid" 2>/dev/null || true
            _sqlcraft_wait_for 60 "" bash -c "! kill -0 $after_pid" || kill -KILL "$after_pid" 2>/dev/null || true
        fi
        sqlcraft_log "MariaDB installed in $((SECONDS - t_install))s"
        mysqld=$(_sqlcraft_find_cmd mariadbd mysqld) || sqlcraft_die "mariadbd not found after install"
        installdb=$(_sqlcraft_find_cmd mariadb-install-db mysql_install_db) || sqlcraft_die "mariadb-install-db not found after install"
        client=$(_sqlcraft_find_cmd mariadb mysql) || sqlcraft_die "mariadb client not found after install"
        admin=$(_sqlcraft_find_cmd mariadb-admin mysqladmin) || sqlcraft_die "mariadb-admin not found after install"
    fi
    export SQLCRAFT_MYSQLD=$mysqld

    local t0=$SECONDS
    _sqlcraft_my_tmp=$(mktemp -d "${TMPDIR:-/tmp}/sqlcraft-mysql.XXXXXX")
    local tmp=$_sqlcraft_my_tmp
    mkdir -p "$tmp/data" "$tmp/tmp"
    local run_as
    run_as=$(id -un)
    if _sqlcraft_is_root; then
        run_as=$SQLCRAFT_PG_USER
        chown -R "$run_as:" "$tmp"
    fi
    export SQLCRAFT_MYSQL_DATA="$tmp/data"
    export SQLCRAFT_MYSQL_SOCKET="$tmp/mysqld.sock"
    export SQLCRAFT_MYSQL_CNF="$tmp/my.cnf"
    export SQLCRAFT_MYSQL_LOG="$tmp/mysqld.err"
    export SQLCRAFT_MYSQL_PID_FILE="$tmp/mysqld.pid"
    if [ "${#SQLCRAFT_MYSQL_SOCKET}" -gt 100 ]; then
        sqlcraft_die "socket path $SQLCRAFT_MYSQL_SOCKET is too long for a unix socket; use a shorter TMPDIR"
    fi

    _sqlcraft_my_write_cnf() {
        cat >"$SQLCRAFT_MYSQL_CNF" <<EOF
# sqlcraft throwaway test server (scripts/lib/servers.sh)
[client]
socket = $SQLCRAFT_MYSQL_SOCKET

[mysqld]
user = $run_as
datadir = $SQLCRAFT_MYSQL_DATA
tmpdir = $tmp/tmp
socket = $SQLCRAFT_MYSQL_SOCKET
pid-file = $SQLCRAFT_MYSQL_PID_FILE
log-error = $SQLCRAFT_MYSQL_LOG
bind-address = 127.0.0.1
port = $1
skip-name-resolve
character-set-server = utf8mb4
collation-server = utf8mb4_general_ci
innodb_flush_log_at_trx_commit = 2
innodb_buffer_pool_size = 128M
innodb_log_file_size = 64M
max_connections = 200
EOF
    }

    _sqlcraft_my_write_cnf 0
    sqlcraft_log "mariadb-install-db ($("$mysqld" --version 2>/dev/null | head -n1)) in $SQLCRAFT_MYSQL_DATA"
    # root@localhost authenticates through the unix socket as the invoking OS
    # user only; no password-less root over TCP.
    if ! (cd "$tmp" && "$installdb" --defaults-file="$SQLCRAFT_MYSQL_CNF" \
        --auth-root-authentication-method=socket --auth-root-socket-user="$(id -un)" \
        --skip-test-db) >"$tmp/install-db.log" 2>&1; then
        _sqlcraft_dump "mariadb-install-db output" "$tmp/install-db.log"
        sqlcraft_die "mariadb-install-db failed"
    fi

    local port="" attempt pid="" rc
    for attempt in 1 2 3; do
        port=$(_sqlcraft_free_port "$SQLCRAFT_PG_PORT")
        _sqlcraft_my_write_cnf "$port"
        sqlcraft_section "starting MariaDB on 127.0.0.1:$port"
        rm -f "$SQLCRAFT_MYSQL_LOG"
        # Own session, no inherited stdio: Ctrl-C and our pipes don't reach it.
        (cd "$tmp" && exec setsid "$mysqld" --defaults-file="$SQLCRAFT_MYSQL_CNF" \
            </dev/null >>"$tmp/mysqld.out" 2>&1) &
        pid=$!
        rc=0
        _sqlcraft_wait_for "${SQLCRAFT_START_TIMEOUT:-90}" "$pid" \
            "$admin" --no-defaults --socket="$SQLCRAFT_MYSQL_SOCKET" --connect-timeout=2 ping || rc=$?
        [ "$rc" -eq 0 ] && break
        if [ "$rc" -eq 2 ] && [ "$attempt" -lt 3 ] \
            && grep -qiE 'address already in use|do_bind|can.t start server: bind' "$SQLCRAFT_MYSQL_LOG" 2>/dev/null; then
            sqlcraft_log "port $port was taken meanwhile; retrying on another port"
            continue
        fi
        kill -KILL "$pid" 2>/dev/null || true
        _sqlcraft_dump "mariadbd stdout/stderr" "$tmp/mysqld.out"
        _sqlcraft_dump "MariaDB error log" "$SQLCRAFT_MYSQL_LOG"
        sqlcraft_die "MariaDB did not start (waited ${SQLCRAFT_START_TIMEOUT:-90}s)"
    done
    export SQLCRAFT_MYSQL_PORT=$port

    if ! "$client" --no-defaults --socket="$SQLCRAFT_MYSQL_SOCKET" -uroot >"$tmp/setup.log" 2>&1 <<EOF
DELETE FROM mysql.global_priv WHERE User = '';
FLUSH PRIVILEGES;
CREATE DATABASE IF NOT EXISTS \`$_SQLCRAFT_DB\` CHARACTER SET utf8mb4;
CREATE USER '$_SQLCRAFT_DB_USER'@'127.0.0.1' IDENTIFIED BY '$_SQLCRAFT_DB_PASSWORD';
CREATE USER '$_SQLCRAFT_DB_USER'@'localhost' IDENTIFIED BY '$_SQLCRAFT_DB_PASSWORD';
GRANT ALL PRIVILEGES ON \`$_SQLCRAFT_DB\`.* TO '$_SQLCRAFT_DB_USER'@'127.0.0.1';
GRANT ALL PRIVILEGES ON \`$_SQLCRAFT_DB\`.* TO '$_SQLCRAFT_DB_USER'@'localhost';
EOF
    then
        _sqlcraft_dump "mariadb setup output" "$tmp/setup.log"
        _sqlcraft_dump "MariaDB error log" "$SQLCRAFT_MYSQL_LOG"
        sqlcraft_die "could not create the MariaDB test user/database"
    fi

    export SQLCRAFT_MYSQL_URL="mysql://$_SQLCRAFT_DB_USER:$_SQLCRAFT_DB_PASSWORD@127.0.0.1:$port/$_SQLCRAFT_DB"
    # Check the credentials the tests get, over TCP with password auth.
    local version
    if ! version=$(MYSQL_PWD=$_SQLCRAFT_DB_PASSWORD "$client" --no-defaults --protocol=TCP -h 127.0.0.1 -P "$port" \
        -u "$_SQLCRAFT_DB_USER" --connect-timeout=10 -N -B "$_SQLCRAFT_DB" -e 'SELECT VERSION()' 2>&1); then
        printf '%s\n' "$version" >&2
        _sqlcraft_dump "MariaDB error log" "$SQLCRAFT_MYSQL_LOG"
        sqlcraft_die "cannot connect to $SQLCRAFT_MYSQL_URL"
    fi
    sqlcraft_log "server: $version"
    sqlcraft_log "ready in $((SECONDS - t0))s: SQLCRAFT_MYSQL_URL=$SQLCRAFT_MYSQL_URL"
}

_sqlcraft_my_stop() {
    local tmp=$_sqlcraft_my_tmp
    [ -n "$tmp" ] || return 0
    # The pid file, not the pid we started: tests may have restarted it.
    local pid
    pid=$(cat "$tmp/mysqld.pid" 2>/dev/null || true)
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
        kill -TERM "$pid" 2>/dev/null || true # clean shutdown
        local deadline=$((SECONDS + 60))
        while kill -0 "$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
            sleep 0.2
        done
        if kill -0 "$pid" 2>/dev/null; then
            sqlcraft_log "MariaDB (pid $pid) did not shut down in 60s; killing it"
            kill -KILL "$pid" 2>/dev/null || true
            sleep 1
        fi
    fi
    rm -rf "$tmp"
    _sqlcraft_my_tmp=""
    sqlcraft_log "MariaDB stopped, $tmp removed"
}

# ---------------------------------------------------------------------------
# public entry points

# Run "$@" and return its exit status.  With a terminal on stdin it runs in
# the foreground as usual (Ctrl-C reaches it directly, it can read the
# terminal).  Otherwise (CI) it runs as a background job in its own process
# group and we wait for it, so that a SIGTERM sent to this script alone is
# acted on at once: the trap ends the whole group, then stops the servers.
sqlcraft_run() {
    if [ -t 0 ]; then
        "$@"
        return
    fi
    local rc=0
    set -m
    "$@" &
    _sqlcraft_child=$!
    set +m
    wait "$_sqlcraft_child" || rc=$?
    _sqlcraft_child=""
    return "$rc"
}

_sqlcraft_kill_child() {
    local pid=$_sqlcraft_child
    [ -n "$pid" ] || return 0
    _sqlcraft_child=""
    kill -TERM -- "-$pid" 2>/dev/null || return 0
    local deadline=$((SECONDS + 10))
    while kill -0 -- "-$pid" 2>/dev/null && [ "$SECONDS" -lt "$deadline" ]; do
        sleep 0.2
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
}

sqlcraft_servers_stop() {
    [ -z "$_sqlcraft_stopped" ] || return 0
    _sqlcraft_stopped=1
    set +e
    _sqlcraft_kill_child
    if [ -n "$_sqlcraft_pg_tmp$_sqlcraft_my_tmp" ]; then
        sqlcraft_section "stopping test servers"
    fi
    _sqlcraft_pg_stop
    _sqlcraft_my_stop
    _sqlcraft_remove_policy_rc
    return 0
}

_sqlcraft_on_exit() {
    local rc=$?
    sqlcraft_servers_stop
    if [ "$rc" -ne 0 ]; then
        printf '\n== FAILED (exit status %s) ==\n' "$rc" >&2
    fi
    exit "$rc"
}

sqlcraft_install_traps() {
    trap _sqlcraft_on_exit EXIT
    # Turn signals into a normal exit so the EXIT trap runs.
    trap 'exit 129' HUP
    trap 'exit 130' INT
    trap 'exit 143' TERM
}

sqlcraft_servers_start() {
    sqlcraft_install_traps
    local t0=$SECONDS
    sqlcraft_section "preparing throwaway PostgreSQL and MariaDB (127.0.0.1 only)"
    _sqlcraft_ensure_server_user
    _sqlcraft_pg_start
    _sqlcraft_my_start
    export SQLCRAFT_REQUIRE_SERVERS=1
    sqlcraft_section "test servers up in $((SECONDS - t0))s"
    sqlcraft_log "SQLCRAFT_PG_URL=$SQLCRAFT_PG_URL"
    sqlcraft_log "SQLCRAFT_MYSQL_URL=$SQLCRAFT_MYSQL_URL"
}
