"""Peers of the benchmarks: import a Python package, installing its Debian package with
apt-get when it is missing and we are root; otherwise say why it is skipped."""
import importlib
import os
import subprocess


def ensure(module, debian_package):
    """Return (module, None) or (None, reason)."""
    try:
        return importlib.import_module(module), None
    except ImportError as e:
        first = str(e)
    if os.geteuid() != 0:
        return None, f"{module} not importable ({first}); not root, so not running apt-get install {debian_package}"
    print(f"{module} missing: apt-get install -y {debian_package}", flush=True)
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    r = subprocess.run(["apt-get", "install", "-y", debian_package], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        subprocess.run(["apt-get", "update", "-qq"], capture_output=True, env=env)
        r = subprocess.run(["apt-get", "install", "-y", debian_package], capture_output=True, text=True, env=env)
    if r.returncode != 0:
        return None, f"apt-get install {debian_package} failed: {r.stderr.strip()[-300:]}"
    importlib.invalidate_caches()
    try:
        return importlib.import_module(module), None
    except ImportError as e:
        return None, f"{module} not importable after apt-get install {debian_package}: {e}"
