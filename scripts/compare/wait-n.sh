#!/bin/bash
# The wrapper-script pattern of Docker's "Run multiple processes in a container" page: start
# both, wait for the first to exit, exit with its status.
# Parameters come from the comparison script: PYTHON, FIXTURES, API_MODE, WORKER_MODE.
env MODE="$API_MODE" "$PYTHON" "$FIXTURES/api.py" &
env MODE="$WORKER_MODE" sh "$FIXTURES/worker.sh" &
wait -n
exit $?
