#!/usr/bin/env bash
# Runs the kernel integration tests against a hessnote binary.
#   tests/kernel/run.sh                 build ./hessnote, run every test_*.py
#   tests/kernel/run.sh test_protocol   one module (or Class / Class.test_name after it)
#   HESSNOTE_BIN=/path/to/hessnote tests/kernel/run.sh   test that binary, no build
# Needs Debian's jupyter_client (and jupyter_kernel_test for test_conformance) under
# /usr/bin/python3; each module skips with a message when they are missing.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
py=${PY:-/usr/bin/python3}
if [ -z "${HESSNOTE_BIN:-}" ]; then
  (cd "$root" && go build -o hessnote .)
  export HESSNOTE_BIN=$root/hessnote
fi
export PYDEVD_DISABLE_FILE_VALIDATION=1
cd "$root/tests/kernel"
if [ $# -eq 0 ]; then
  exec "$py" -m unittest discover -s . -p 'test_*.py' -v
fi
exec "$py" -m unittest -v "$@"
