#!/usr/bin/python3
"""Kernel benchmark: hessnote against Debian's ipykernel, in one run on one machine.

Measures, for each kernel, in its own isolated Jupyter directory:
  cold start      time from launching the kernel to its first kernel_info_reply
                  (median of --starts launches)
  round trip      a trivial cell through jupyter_client: execute_request to status idle
                  (median and p95 over --cells runs)
  notebook        a 10-cell notebook executed by nbclient (wall time)
  memory          resident memory of the kernel process after --memcells cells in all
                  (the timed ones included)
Writes OUT/kernel.json and prints a markdown table.
"""
import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

import jupyter_client
import nbclient
import nbformat

# The trivial cell is an assignment to an existing variable in both languages (no output,
# no new declaration); "setup" runs once before the timed cells.
KERNELS = {
    "hessnote": {"setup": "x := 0", "trivial": "x = 1", "cells": ["a%d := %d" % (i, i) for i in range(10)]},
    "python3": {"setup": "x = 0", "trivial": "x = 1", "cells": ["a%d = %d" % (i, i) for i in range(10)]},
}


class CellError(RuntimeError):
    """A benchmark cell did not run: timing it would measure an error path."""


def isolate(tmp, binary, name):
    """Point every Jupyter and IPython directory at tmp (one per kernel) and, for
    hessnote, install its kernelspec there."""
    for var, sub in (("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")):
        os.environ[var] = os.path.join(tmp, sub)
    os.environ["JUPYTER_PATH"] = os.path.join(tmp, "share", "jupyter")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    if name == "hessnote":
        subprocess.run([binary, "install", "--prefix", tmp], check=True,
                       stdout=subprocess.DEVNULL)


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def run_cell(kc, code):
    msg_id = kc.execute(code)
    while True:
        msg = kc.get_iopub_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" \
                and msg["content"]["execution_state"] == "idle":
            break
    while True:
        reply = kc.get_shell_msg(timeout=30)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    if reply["content"].get("status") != "ok":
        raise CellError(f"{code!r}: {reply['content'].get('ename')}: {reply['content'].get('evalue')}")


def start(name):
    """Launch a kernel and wait for its first kernel_info_reply; returns the manager,
    the client and the milliseconds it took."""
    t0 = time.perf_counter()
    km = jupyter_client.KernelManager(kernel_name=name)
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id and reply["msg_type"] == "kernel_info_reply":
            break
    return km, kc, (time.perf_counter() - t0) * 1e3


def bench_kernel(name, spec, ncells, nmem, nstarts):
    out = {}
    starts = []
    for _ in range(nstarts - 1):
        km, kc, ms = start(name)
        starts.append(ms)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    km, kc, ms = start(name)
    starts.append(ms)
    out["cold_start_ms"] = statistics.median(starts)
    out["cold_start_all_ms"] = starts
    try:
        # Drain the startup status messages.
        time.sleep(0.3)
        while True:
            try:
                kc.get_iopub_msg(timeout=0.05)
            except Exception:
                break
        run_cell(kc, spec["setup"])
        for _ in range(20):
            run_cell(kc, spec["trivial"])
        times = []
        for _ in range(ncells):
            t = time.perf_counter()
            run_cell(kc, spec["trivial"])
            times.append((time.perf_counter() - t) * 1e3)
        times.sort()
        out["round_trip_median_ms"] = statistics.median(times)
        out["round_trip_p95_ms"] = times[int(0.95 * (len(times) - 1))]
        pid = km.provisioner.process.pid if km.provisioner else km.kernel.pid
        done = 1 + 20 + ncells  # setup, warm-up and timed cells so far
        for _ in range(max(0, nmem - done)):
            run_cell(kc, spec["trivial"])
        out["rss_after_cells_mib"] = rss_kib(pid) / 1024
        out["cells_for_rss"] = max(nmem, done)
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in spec["cells"]]
    t = time.perf_counter()
    nbclient.NotebookClient(nb, kernel_name=name, timeout=120).execute()
    out["notebook_10_cells_s"] = time.perf_counter() - t
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default="bench")
    ap.add_argument("--cells", type=int, default=500)
    ap.add_argument("--memcells", type=int, default=1000)
    ap.add_argument("--starts", type=int, default=7, help="cold starts (median reported)")
    args = ap.parse_args()
    binary = os.path.abspath(os.environ.get("HESSNOTE_BIN", "./hessnote"))
    results = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
               "machine": f"{platform.machine()}, {os.cpu_count()} cores, {platform.platform()}",
               "settings": {"cells": args.cells, "memcells": args.memcells, "starts": args.starts},
               "kernels": {}}
    saved = dict(os.environ)
    for name, spec in KERNELS.items():
        with tempfile.TemporaryDirectory(prefix=f"hessnote-bench-{name}-") as tmp:
            try:
                isolate(tmp, binary, name)
                if name == "python3":
                    import ipykernel  # noqa: F401  (missing peer: reported, not dropped)
                    results["ipykernel"] = ipykernel.__version__
                results["kernels"][name] = bench_kernel(name, spec, args.cells, args.memcells,
                                                        args.starts)
            except Exception as e:
                results["kernels"][name] = {"skipped": f"{type(e).__name__}: {e}"}
            finally:
                os.environ.clear()
                os.environ.update(saved)
    os.makedirs(args.o, exist_ok=True)
    with open(os.path.join(args.o, "kernel.json"), "w") as f:
        json.dump(results, f, indent=2)
    h, p = results["kernels"].get("hessnote", {}), results["kernels"].get("python3", {})
    print("| measure | hessnote | ipykernel | ratio |")
    print("|---|---|---|---|")
    for key in ("cold_start_ms", "round_trip_median_ms", "round_trip_p95_ms",
                "notebook_10_cells_s", "rss_after_cells_mib"):
        a, b = h.get(key), p.get(key)
        ratio = f"{a / b:.2f}" if a and b else "n/a"
        fa = f"{a:.2f}" if a is not None else "n/a"
        fb = f"{b:.2f}" if b is not None else "n/a"
        print(f"| {key} | {fa} | {fb} | {ratio} |")
    return 0 if all("skipped" not in k for k in results["kernels"].values()) else 1


if __name__ == "__main__":
    sys.exit(main())
