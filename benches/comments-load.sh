#!/usr/bin/env bash
# Load test of the comments companion on loopback: mixed readers (GET the list) and
# posters (POST a comment) for a bounded time, beside a storm of wrong admin log-ins from
# many client addresses (named in X-Forwarded-For, through one trusted hop); prints
# requests/s, p50/p99 latency and errors, the storm's answers, and the server's peak
# resident memory. Rate limits are raised for the run in a temporary copy of the
# fixture site.
#
#   benches/comments-load.sh            # 10 s, 8 readers, 2 posters, 32 log-in threads
#   SALA_LOAD_SECS=30 SALA_LOAD_READERS=16 SALA_LOAD_POSTERS=4 SALA_LOAD_LOGINS=300 benches/comments-load.sh
#
# Only 127.0.0.1 is contacted. The client is benches/comments_load.rs (std threads,
# keep-alive HTTP/1.1 written by hand), so nothing needs installing.
set -euo pipefail
cd "$(dirname "$0")/.."
exec cargo bench --bench comments_load "$@"
