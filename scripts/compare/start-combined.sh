#!/bin/bash
# The classic start-combined.sh: the API in the background, then the worker in a restart loop.
# Parameters come from the comparison script: PYTHON, FIXTURES, API_MODE, WORKER_MODE.
env MODE="$API_MODE" "$PYTHON" "$FIXTURES/api.py" &
sleep 2
while true; do
  env MODE="$WORKER_MODE" sh "$FIXTURES/worker.sh"
  sleep 5
done
