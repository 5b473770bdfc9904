#!/usr/bin/env bash
#
# Run sqlcraft's whole test suite: the one command CI runs (via .ci/run).
#
#   ./scripts/test.sh                    everything
#   ./scripts/test.sh -- some_filter     pass arguments to the test runner
#
# Starts a throwaway PostgreSQL and MariaDB on 127.0.0.1 (see
# scripts/lib/servers.sh; installs them with apt-get when missing, which needs
# root), exports SQLCRAFT_PG_URL / SQLCRAFT_MYSQL_URL and friends plus
# SQLCRAFT_REQUIRE_SERVERS=1, then runs, stopping at the first failure:
#
#   cargo fmt --all -- --check
#   cargo clippy --workspace --all-targets -- -D warnings
#   cargo clippy --workspace --all-targets --all-features -- -D warnings
#   cargo nextest run --workspace [ARGS]          (or, without cargo-nextest:
#                                                  cargo test --workspace --all-targets [ARGS])
#   the same with --all-features, less the load tests   (full runs only: the
#                                                  chrono/uuid/json/decimal value
#                                                  kinds through every driver)
#   cargo test --workspace --doc [ARGS]           (nextest does not run doc tests)
#   RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
#   cargo run --example NAME, for every examples/NAME.rs   (full runs only:
#                                                  each example checks what it shows)
#
# The servers are stopped and their temp folders removed however the script
# ends.
#
# Arguments (after an optional leading `--`) go to the test runner.  Doc tests
# get them too when they are all plain filter words (no option starting with
# `-`), since nextest's options mean nothing to `cargo test --doc`.
#
# Environment:
#   SQLCRAFT_SKIP_SERVERS=1   LOCAL USE ONLY: start no servers (tests that need
#                             one then fail: filter them out); refused when CI=true
#   SQLCRAFT_TEST_RUNNER      `nextest` or `cargo` to force a runner
#                             (default: nextest when `cargo nextest` works)
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/lib/servers.sh
. scripts/lib/servers.sh

if [ "${1:-}" = "--" ]; then
    shift
fi
runner_args=("$@")

if [ "${SQLCRAFT_SKIP_SERVERS:-}" = "1" ]; then
    if [ "${CI:-}" = "true" ]; then
        sqlcraft_die "SQLCRAFT_SKIP_SERVERS=1 is for local runs only; CI must run the database tests"
    fi
    sqlcraft_section "SQLCRAFT_SKIP_SERVERS=1: no database servers (local-only quick run)"
    unset SQLCRAFT_REQUIRE_SERVERS
    sqlcraft_install_traps
else
    sqlcraft_servers_start
fi

runner=${SQLCRAFT_TEST_RUNNER:-}
if [ -z "$runner" ]; then
    if cargo nextest --version >/dev/null 2>&1; then runner=nextest; else runner=cargo; fi
fi

doc_args=("${runner_args[@]}")
for a in "${runner_args[@]}"; do
    case "$a" in
    -*)
        doc_args=()
        break
        ;;
    esac
done
if [ "$runner" = cargo ]; then
    doc_args=("${runner_args[@]}")
fi

# A one-off full run gains nothing from incremental compilation, whose caches
# are the biggest thing in target/ after the test binaries (a CI machine ran out
# of disk with them). A caller's own setting wins.
export CARGO_INCREMENTAL="${CARGO_INCREMENTAL:-0}"

disk_report() {
    local target_dir="${CARGO_TARGET_DIR:-target}"
    sqlcraft_log "disk: $(df -h "$PWD" | awk 'NR==2 {print $4 " free of " $2}'); $target_dir: $(du -sh "$target_dir" 2>/dev/null | cut -f1 || echo none)"
}
disk_report

step() {
    sqlcraft_section "$*"
    local t0=$SECONDS
    sqlcraft_run "$@"
    sqlcraft_log "($* took $((SECONDS - t0))s; $(df -h "$PWD" | awk 'NR==2 {print $4}') free)"
}

step cargo fmt --all -- --check
step cargo clippy --workspace --all-targets -- -D warnings
# The value kinds behind the chrono, uuid, json and decimal features (and the
# drivers' conversions of them) only compile with those features on.
step cargo clippy --workspace --all-targets --all-features -- -D warnings
case "$runner" in
nextest) step cargo nextest run --workspace "${runner_args[@]}" ;;
cargo) step cargo test --workspace --all-targets "${runner_args[@]}" ;;
*) sqlcraft_die "SQLCRAFT_TEST_RUNNER must be 'nextest' or 'cargo', not '$runner'" ;;
esac
if [ ${#runner_args[@]} -eq 0 ]; then
    # Again with every feature: the featured value kinds through each driver and
    # the cross-engine suite reading them. The load tests (minutes, and no
    # feature-dependent code) ran above.
    case "$runner" in
    nextest) step cargo nextest run --workspace --all-features -E 'not binary(load)' ;;
    cargo) step cargo test --workspace --all-targets --all-features -- --skip load_ ;;
    esac
fi
step cargo test --workspace --doc "${doc_args[@]}"
# The API documentation builds without warnings (broken or private links).
step env RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps
# The README's first command and the other examples run to the end; a filtered
# run (arguments given) is about some tests, not them.
if [ ${#runner_args[@]} -eq 0 ]; then
    for example in examples/*.rs; do
        step cargo run --quiet --example "$(basename "$example" .rs)"
    done
fi

disk_report
sqlcraft_section "all checks passed"
