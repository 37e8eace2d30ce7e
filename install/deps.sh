#!/usr/bin/env bash
# Makes sure the Debian packages hessnote needs are present.
#   install/deps.sh run    Jupyter Notebook, to serve notebooks/ (make run)
#   install/deps.sh test   the Jupyter client side the tests drive the kernel with (make test)
#   install/deps.sh blas   OpenBLAS for large matrix products (optional: without it, and not
#                          root, it says so and succeeds; the build is then pure Go)
#   install/deps.sh has-blas   exit status only: can cgo link -lopenblas here?
# As root it installs what is missing with apt-get; otherwise it names the packages and fails.
set -euo pipefail
what=${1:-test}
py=/usr/bin/python3

# has_blas: cgo is on and a C program links against libopenblas.
has_blas() {
  local go=${GO:-go} cc
  [ "$("$go" env CGO_ENABLED 2>/dev/null)" = 1 ] || return 1
  cc=$("$go" env CC 2>/dev/null); cc=${cc:-cc}
  echo 'int main(void){return 0;}' | $cc -x c - -lopenblas -o /dev/null >/dev/null 2>&1
}

case "$what" in
has-blas)
  has_blas; exit ;;
blas)
  has_blas && exit 0
  pkgs="libopenblas-dev"
  command -v "${CC:-cc}" >/dev/null 2>&1 || pkgs="$pkgs gcc libc6-dev"
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "hessnote: installing Debian packages: $pkgs"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq $pkgs >/dev/null
    has_blas || echo "hessnote: OpenBLAS installed but cgo cannot link it (CGO_ENABLED=0?); building pure Go" >&2
    exit 0
  fi
  echo "hessnote: no OpenBLAS; building pure Go (for the fast path: apt-get install -y $pkgs)" >&2
  exit 0
  ;;
esac

case "$what" in
run)
  pkgs="jupyter-notebook python3-ipykernel jupyter-client"
  check='import notebook, jupyter_client'
  ;;
test)
  pkgs="jupyter-client python3-jupyter-client jupyter-nbconvert python3-nbclient python3-nbformat python3-jupyter-kernel-test jupyter-notebook python3-ipykernel jupyter-console"
  check='import jupyter_client, nbclient, nbformat, jupyter_kernel_test, ipykernel'
  ;;
*)
  echo "usage: $0 run|test" >&2; exit 2 ;;
esac

if [ -x "$py" ] && "$py" -c "$check" >/dev/null 2>&1; then
  exit 0
fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "hessnote: installing Debian packages: $pkgs"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  # shellcheck disable=SC2086
  apt-get install -y -qq $pkgs >/dev/null
  "$py" -c "$check"
  exit 0
fi
echo "hessnote: missing Jupyter packages. Install them as root with:" >&2
echo "  apt-get update && apt-get install -y $pkgs" >&2
exit 1
