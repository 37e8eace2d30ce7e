"""Shared set-up for the hessnote kernel integration tests.

Creates an isolated Jupyter directory tree, installs the kernelspec there with
`$HESSNOTE_BIN install --prefix`, and starts kernels with jupyter_client. Tests import
SKIP_REASON and skip when the Jupyter client side is missing.
"""
import atexit
import os
import shutil
import subprocess
import tempfile
import time

SKIP_REASON = None
try:
    import jupyter_client  # noqa: F401
    from jupyter_client.manager import KernelManager
except ImportError as e:  # pragma: no cover - depends on the machine
    SKIP_REASON = ("jupyter_client is not importable (%s); install Debian's python3-jupyter-client "
                   "and run with /usr/bin/python3" % e)

KERNEL_NAME = "hessnote"
TIMEOUT = 30

_env_root = None


def binary():
    """Absolute path of the hessnote binary under test ($HESSNOTE_BIN, default ./hessnote)."""
    return os.path.abspath(os.environ.get("HESSNOTE_BIN", "./hessnote"))


def jupyter_env():
    """Points every Jupyter directory at one temp dir and installs the kernelspec there.

    Idempotent; returns the temp dir. The kernelspec is reinstalled once per process.
    """
    global _env_root
    if _env_root is not None:
        return _env_root
    root = tempfile.mkdtemp(prefix="hessnote-test-")
    atexit.register(shutil.rmtree, root, True)
    for var, sub in [("JUPYTER_DATA_DIR", "data"), ("JUPYTER_RUNTIME_DIR", "runtime"),
                     ("JUPYTER_CONFIG_DIR", "config"), ("IPYTHONDIR", "ipython")]:
        path = os.path.join(root, sub)
        os.makedirs(path, exist_ok=True)
        os.environ[var] = path
    os.environ["JUPYTER_PATH"] = os.path.join(root, "share", "jupyter")
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    bin_ = binary()
    if not os.access(bin_, os.X_OK):
        raise RuntimeError("hessnote binary not found at %s (set HESSNOTE_BIN or run `make build`)" % bin_)
    subprocess.run([bin_, "install", "--prefix", root], check=True, stdout=subprocess.DEVNULL)
    _env_root = root
    return root


def start_kernel(**kw):
    """Starts the installed kernel; returns (manager, client) once kernel_info answers."""
    jupyter_env()
    km = KernelManager(kernel_name=KERNEL_NAME)
    # Connection files go to the isolated runtime dir, not /tmp.
    km.connection_file = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"],
                                      "kernel-test-%d-%d.json" % (os.getpid(), time.monotonic_ns()))
    log = None
    if "stderr" not in kw and not os.environ.get("HESSNOTE_TEST_LOGS"):
        # Kernel logs go to a file in the temp tree (HESSNOTE_TEST_LOGS=1 shows them).
        log = kw["stderr"] = open(km.connection_file[:-len(".json")] + ".log", "w")
    km.hessnote_log = log  # kept open: restart_kernel launches with the same arguments
    km.start_kernel(**kw)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=TIMEOUT)
    return km, kc


def stop_kernel(km, kc):
    try:
        kc.stop_channels()
    finally:
        if km.is_alive():
            km.shutdown_kernel(now=False)
        km.cleanup_resources()
        if getattr(km, "hessnote_log", None):
            km.hessnote_log.close()


def collect(kc, msg_id, timeout=TIMEOUT):
    """iopub messages whose parent is msg_id, up to and including status idle."""
    out = []
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        msg["_t"] = time.monotonic()
        out.append(msg)
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            return out


def execute(kc, code, timeout=TIMEOUT, **kw):
    """Runs code; returns (reply content, iopub messages of that request).

    iopub is read first, as the messages come, so that their arrival times (the "_t" key)
    are real; the reply waits in the client's shell queue meanwhile.
    """
    msg_id = kc.execute(code, **kw)
    msgs = collect(kc, msg_id, timeout)
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    return reply["content"], msgs


def types(msgs):
    """Message types, with status messages as status:STATE."""
    out = []
    for m in msgs:
        t = m["msg_type"]
        if t == "status":
            t += ":" + m["content"]["execution_state"]
        out.append(t)
    return out


def control_request(km, msg_type, content=None, timeout=10):
    """Sends msg_type on the control channel and returns (request, reply).

    jupyter_client 7.4's blocking client wraps control in an async channel, so this uses
    its own DEALER socket, signed with the kernel's key.
    """
    import zmq
    from jupyter_client.session import Session
    info = km.get_connection_info()
    session = Session(key=info["key"], signature_scheme=info["signature_scheme"])
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.setsockopt(zmq.LINGER, 0)
    sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["control_port"]))
    try:
        msg = session.send(sock, msg_type, content or {})
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("no %s reply on control" % msg_type)
            if sock.poll(int(left * 1000)):
                _, reply = session.recv(sock, mode=zmq.NOBLOCK)
                if reply and reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
                    return msg, reply
    finally:
        sock.close()
