"""Measures the hessnote kernel through jupyter_client: the median round trip of a trivial
cell (execute_request sent -> execute_reply and status idle received) and the cold start
(process spawn -> first kernel_info_reply).

Usage: HESSNOTE_BIN=./hessnote /usr/bin/python3 tests/kernel/measure.py [RUNS] [STARTS]
"""
import os
import statistics
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402


def round_trips(kc, code, n):
    times = []
    for _ in range(n):
        t0 = time.perf_counter()
        msg_id = kc.execute(code)
        harness.collect(kc, msg_id)
        reply = kc.get_shell_msg(timeout=10)
        times.append(time.perf_counter() - t0)
        assert reply["content"]["status"] == "ok", reply["content"]
    return times


def cold_start():
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name=harness.KERNEL_NAME)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    while True:
        msg_id = kc.kernel_info()
        try:
            reply = kc.get_shell_msg(timeout=0.01)
        except Exception:
            continue
        if reply["parent_header"].get("msg_id") == msg_id or reply["msg_type"] == "kernel_info_reply":
            break
    dt = time.perf_counter() - t0
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    km.cleanup_resources()
    return dt


def cold_start_raw():
    """Spawn -> kernel_info_reply with a client that retries its connection every 2 ms
    (libzmq's default reconnect interval of 100 ms dominates cold_start otherwise)."""
    import subprocess
    import uuid
    import zmq
    from jupyter_client.connect import write_connection_file
    from jupyter_client.session import Session
    cf = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "measure-%s.json" % uuid.uuid4())
    _, info = write_connection_file(cf, ip="127.0.0.1", key=str(uuid.uuid4()).encode())
    session = Session(key=info["key"].encode() if isinstance(info["key"], str) else info["key"])
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.setsockopt(zmq.RECONNECT_IVL, 2)
    t0 = time.perf_counter()
    p = subprocess.Popen([harness.binary(), "kernel", "-f", cf], stderr=subprocess.DEVNULL)
    try:
        sock.connect("tcp://127.0.0.1:%d" % info["shell_port"])
        session.send(sock, "kernel_info_request", {})
        if not sock.poll(10000):
            raise TimeoutError("no kernel_info_reply")
        session.recv(sock)
        return time.perf_counter() - t0
    finally:
        sock.close()
        p.terminate()
        p.wait()
        os.remove(cf)


def ms(xs):
    xs = sorted(xs)
    return "median %.2f ms, p10 %.2f ms, p90 %.2f ms (n=%d)" % (
        1000 * statistics.median(xs), 1000 * xs[len(xs) // 10], 1000 * xs[len(xs) * 9 // 10], len(xs))


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 500
    starts = int(sys.argv[2]) if len(sys.argv) > 2 else 10
    harness.jupyter_env()
    km, kc = harness.start_kernel()
    try:
        round_trips(kc, "x := 1", 20)  # warm up
        print("trivial cell `x := 1`:", ms(round_trips(kc, "x := 1", runs)))
        print("trivial cell `1` (execute_result):", ms(round_trips(kc, "1", runs)))
    finally:
        harness.stop_kernel(km, kc)
    print("cold start to first kernel_info_reply (jupyter_client KernelManager):",
          ms([cold_start() for _ in range(starts)]))
    print("cold start to first kernel_info_reply (client reconnecting every 2 ms):",
          ms([cold_start_raw() for _ in range(starts)]))


if __name__ == "__main__":
    main()
