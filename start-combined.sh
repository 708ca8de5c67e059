#!/bin/sh
# The image's command, run by tini (PID 1). It only becomes the supervisor: migrations, the API,
# the worker, restarts and shutdown all live there, so the same logic runs with or without Docker.
set -eu
cd "$(dirname "$0")"
# The supervisor's flag is the worker's (src/supervisor/plan.ts says why): a small young
# generation. Both turn V8's interpreter-only mode on themselves once loaded
# (src/config/lean-v8.ts).
exec node --max-semi-space-size=1 dist/supervisor/main.js "$@"
