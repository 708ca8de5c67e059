#!/bin/sh
# The image's command, run by tini (PID 1). It only becomes the supervisor: migrations, the API,
# the worker, restarts and shutdown all live there, so the same logic runs with or without Docker.
set -eu
cd "$(dirname "$0")"
# The supervisor's flags are the worker's (src/supervisor/plan.ts says why): a small young
# generation, and V8's interpreter only, which spends memory on nothing it does not run.
exec node --max-semi-space-size=1 --optimize-for-size --no-opt --no-maglev --no-sparkplug dist/supervisor/main.js "$@"
