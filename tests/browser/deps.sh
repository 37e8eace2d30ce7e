#!/usr/bin/env bash
# Installs what the real-browser test (make test-browser) needs:
#   Debian's chromium (/usr/bin/chromium) and Jupyter Notebook 6 (/usr/bin/jupyter), and
#   playwright-core from npm, pinned in package.json / package-lock.json (npm ci).
# As root it installs missing Debian packages with apt-get; otherwise it names them and
# fails. Playwright never downloads a browser: the test drives /usr/bin/chromium.
set -euo pipefail
cd "$(dirname "$0")"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

need=()
[ -x /usr/bin/chromium ] || need+=(chromium)
if ! [ -x /usr/bin/jupyter ] || ! /usr/bin/python3 -c 'import notebook' >/dev/null 2>&1; then
  need+=(jupyter-notebook python3-ipykernel jupyter-client)
fi
command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || need+=(nodejs npm)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "hessnote: installing Debian packages for the browser test: ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "hessnote: the browser test needs Debian packages: ${need[*]}. As root:" >&2
    echo "  apt-get update && apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi

want=$(node -p "require('./package.json').dependencies['playwright-core']")
have=$(node -p "try { require('./node_modules/playwright-core/package.json').version } catch { '' }")
if [ "$have" != "$want" ]; then
  echo "hessnote: installing playwright-core $want from package-lock.json (npm ci)"
  if ! npm ci --no-audit --no-fund --loglevel=error; then
    echo "hessnote: npm ci failed; the browser test needs the npm package playwright-core@$want:" >&2
    echo "  cd tests/browser && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci" >&2
    exit 1
  fi
fi
