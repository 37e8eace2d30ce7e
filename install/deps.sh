#!/usr/bin/env bash
# Makes sure the Debian packages hessnote needs are present.
#   install/deps.sh run    Jupyter Notebook, to serve notebooks/ (make run)
#   install/deps.sh test   the Jupyter client side the tests drive the kernel with (make test)
# As root it installs what is missing with apt-get; otherwise it names the packages and fails.
set -euo pipefail
what=${1:-test}
py=/usr/bin/python3

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
