#!/usr/bin/env bash
# Fails when an import points the wrong way: main -> kernel -> interp -> display -> optim.
set -euo pipefail
cd "$(dirname "$0")/.."
mod=$(sed -n 's/^module //p' go.mod)
fail=0
check() { # dir, forbidden packages (regex)
  [ -d "$1" ] || return 0
  local hits
  hits=$(grep -rlE "\"$mod/($2)(/|\")" --include='*.go' "$1" | grep -v '_test.go$' || true)
  if [ -n "$hits" ]; then echo "import direction broken: $1 imports $2 in:"; echo "$hits"; fail=1; fi
}
check optim 'kernel|interp|display'
check display 'kernel|interp'
check interp 'kernel'
exit $fail
