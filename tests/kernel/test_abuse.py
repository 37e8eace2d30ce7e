"""Hostile and broken input, interrupts and process life, over real sockets (issue 3).

Each case asserts what the kernel did and that it still answers afterwards with its
state intact.
"""
import json
import os
import signal
import subprocess
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import SKIP_REASON, execute, types  # noqa: E402


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class HostileInputTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        import zmq
        from jupyter_client.session import Session
        cls.km, cls.kc = harness.start_kernel()
        info = cls.km.get_connection_info()
        cls.session = Session(key=info["key"], signature_scheme=info["signature_scheme"])
        cls.sock = zmq.Context.instance().socket(zmq.DEALER)
        cls.sock.setsockopt(zmq.LINGER, 0)
        cls.sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
        reply, _ = execute(cls.kc, "keep := 41")
        assert reply["status"] == "ok", reply

    @classmethod
    def tearDownClass(cls):
        cls.sock.close()
        harness.stop_kernel(cls.km, cls.kc)

    def assert_alive(self):
        """The kernel answers and still has the state defined in setUpClass."""
        reply, msgs = execute(self.kc, "keep + 1")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["42"])

    def assert_no_reply(self, wait=0.5):
        self.assertFalse(self.sock.poll(int(wait * 1000)), "kernel replied to a message it should drop")

    def signed_frames(self, msg_type, header=None, parent=b"{}", metadata=b"{}", content=b"{}"):
        if header is None:
            header = self.session.pack(self.session.msg_header(msg_type))
        sig = self.session.sign([header, parent, metadata, content])
        return [b"<IDS|MSG>", sig, header, parent, metadata, content]

    def raw_reply(self, timeout=10):
        import zmq
        self.assertTrue(self.sock.poll(timeout * 1000), "no reply")
        _, msg = self.session.recv(self.sock, mode=zmq.NOBLOCK)
        return msg

    def test_missing_and_extra_frames(self):
        frames = self.signed_frames("execute_request", content=json.dumps({"code": "keep = 0"}).encode())
        for cut in range(len(frames)):
            self.sock.send_multipart(frames[:cut] or [b""])
        self.assert_no_reply()
        # Extra frames after content are buffers: the request is valid and answered.
        self.sock.send_multipart(self.signed_frames("kernel_info_request") + [b"buf", b"buf2"])
        self.assertEqual(self.raw_reply()["msg_type"], "kernel_info_reply")
        self.assert_alive()

    def test_truncated_and_garbage(self):
        frames = self.signed_frames("execute_request", content=json.dumps({"code": "keep = 0"}).encode())
        for i in range(2, len(frames)):
            f = list(frames)
            f[i] = f[i][: len(f[i]) // 2]
            self.sock.send_multipart(f)
        self.sock.send_multipart([os.urandom(n) for n in (1, 100, 1000)])
        self.assert_no_reply()
        self.assert_alive()

    def test_invalid_json_and_wrong_types_get_error_replies(self):
        cases = [
            b'{"code": "keep = 0"',                # truncated JSON
            b'["keep = 0"]',                       # not an object
            b'{"code": 17}',                       # wrong type
            b'{"code": "keep = 0", "silent": "no"}',
            b'{"silent": false}',                  # code missing
        ]
        for content in cases:
            self.sock.send_multipart(self.signed_frames("execute_request", content=content))
            reply = self.raw_reply()
            self.assertEqual(reply["msg_type"], "execute_reply")
            self.assertEqual(reply["content"]["status"], "error", content)
            self.assertIsInstance(reply["content"]["traceback"], list)
        # A header with wrong field types cannot be answered: dropped.
        self.sock.send_multipart(self.signed_frames("execute_request", header=b'{"msg_id": 1, "msg_type": ["x"]}'))
        self.assert_no_reply()
        self.assert_alive()

    def test_unknown_msg_type_dropped(self):
        self.sock.send_multipart(self.signed_frames("frobnicate_request"))
        self.sock.send_multipart(self.signed_frames("interrupt_request"))  # control only
        self.assert_no_reply()
        self.assert_alive()

    def test_huge_frame_header(self):
        """A peer that announces a 2^62-byte ZMTP frame (no key needed) is disconnected."""
        import socket
        import struct
        info = self.km.get_connection_info()
        for port in ("shell_port", "control_port", "stdin_port", "hb_port", "iopub_port"):
            s = socket.create_connection((info["ip"], info[port]), timeout=5)
            try:
                s.sendall(b"\xff" + b"\x00" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\x00") + b"\x00" * 32)
                s.recv(64)
                prop = lambda n, v: bytes([len(n)]) + n + struct.pack(">I", len(v)) + v  # noqa: E731
                body = b"\x05READY" + prop(b"Socket-Type", b"DEALER" if port != "iopub_port" else b"SUB")
                s.sendall(bytes([0x04, len(body)]) + body)
                s.sendall(b"\x02" + struct.pack(">Q", 1 << 62))
                time.sleep(0.2)
            finally:
                s.close()
        self.assertTrue(self.km.is_alive())
        self.assert_alive()

    def test_silent_peer_does_not_block_new_clients(self):
        """zmq4 handshakes inside its accept loop: a silent peer is cut off after 3 s."""
        import socket
        import zmq
        info = self.km.get_connection_info()
        silent = socket.create_connection((info["ip"], info["shell_port"]))
        try:
            self.assert_alive()  # existing connections are unaffected
            sock = zmq.Context.instance().socket(zmq.DEALER)
            sock.setsockopt(zmq.LINGER, 0)
            sock.connect("%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"]))
            try:
                t0 = time.monotonic()
                self.session.send(sock, "kernel_info_request", {})
                self.assertTrue(sock.poll(8000), "new client blocked by a silent peer")
                self.assertLess(time.monotonic() - t0, 8)
            finally:
                sock.close()
        finally:
            silent.close()

    def test_50mb_message(self):
        big = json.dumps({"code": "keep = 0 // " + "x" * (50 << 20)}).encode()
        self.sock.send_multipart(self.signed_frames("execute_request", content=big))
        reply = self.raw_reply(timeout=30)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("too large", reply["content"]["evalue"])
        self.assert_alive()


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class InterruptTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = harness.start_kernel()
        execute(cls.kc, "keep := 41")

    @classmethod
    def tearDownClass(cls):
        harness.stop_kernel(cls.km, cls.kc)

    def interrupt_during(self, code, how):
        msg_id = self.kc.execute(code)
        time.sleep(0.5)
        t0 = time.monotonic()
        if how == "message":
            _, r = harness.control_request(self.km, "interrupt_request")
            self.assertEqual(r["content"]["status"], "ok")
        else:
            os.kill(self.km.provisioner.process.pid, signal.SIGINT)
        reply = self.kc.get_shell_msg(timeout=10)
        elapsed = time.monotonic() - t0
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        self.assertEqual(reply["content"]["status"], "error")
        self.assertIn("nterrupt", reply["content"]["ename"] + reply["content"]["evalue"])
        self.assertLess(elapsed, 0.5, "interrupt took %.3f s" % elapsed)
        harness.collect(self.kc, msg_id)
        reply, msgs = execute(self.kc, "keep + 1")
        self.assertEqual(reply["status"], "ok")
        self.assertTrue(self.km.is_alive())

    def test_infinite_loop(self):
        self.interrupt_during("for {\n}", "message")

    def test_sleep(self):
        self.interrupt_during('import "time"\ntime.Sleep(time.Hour)', "message")

    def test_channel_read(self):
        self.interrupt_during("<-make(chan int)", "message")

    def test_minimize(self):
        code = ('import (\n\t"context"\n\t"github.com/hessnote/hessnote/optim"\n)\n'
                'p := optim.Problem{Func: func(x []float64) float64 { return x[0] * x[0] },\n'
                '\tGrad: func(g, x []float64) { g[0] = 2 * x[0] }}\n'
                'res, err := optim.Minimize(context.Background(), p, []float64{1}, &optim.SGD{LearningRate: 1e-12},\n'
                '\toptim.Settings{MaxIter: 1 << 40, MaxEvals: 1 << 40})\n'
                '_, _ = res, err')
        self.interrupt_during(code, "message")

    def test_sigint(self):
        self.interrupt_during("for {\n}", "signal")

    def test_sigint_when_idle_does_not_kill(self):
        os.kill(self.km.provisioner.process.pid, signal.SIGINT)
        time.sleep(0.3)
        self.assertTrue(self.km.is_alive())
        reply, _ = execute(self.kc, "keep + 1")
        self.assertEqual(reply["status"], "ok")


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class UserFaultTest(unittest.TestCase):
    """Faults in user code: one error output each, the kernel and its state survive."""

    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = harness.start_kernel()
        execute(cls.kc, "keep := 41")

    @classmethod
    def tearDownClass(cls):
        harness.stop_kernel(cls.km, cls.kc)

    def check_fault(self, code):
        reply, msgs = execute(self.kc, code, timeout=60)
        self.assertEqual(reply["status"], "error", reply)
        self.assertEqual([m["msg_type"] for m in msgs].count("error"), 1, types(msgs))
        self.assertTrue(self.km.is_alive())
        reply, msgs = execute(self.kc, "keep + 1")
        self.assertEqual(reply["status"], "ok", reply)
        self.assertEqual([m["content"]["data"]["text/plain"] for m in msgs if m["msg_type"] == "execute_result"], ["42"])

    def test_goroutine_panic(self):
        self.check_fault('import "time"\ngo func() { panic("in goroutine") }()\ntime.Sleep(200 * time.Millisecond)')

    def test_nil_dereference(self):
        self.check_fault("var p *int\n*p = 1")

    def test_index_out_of_range(self):
        self.check_fault("s := []int{1}\ni := 5\n_ = s[i]")

    def test_unbounded_recursion(self):
        self.check_fault("func rec(n int) int { return rec(n+1) + 1 }\nrec(0)")

    def test_os_exit(self):
        self.check_fault('import "os"\nos.Exit(3)')

    def test_log_fatal(self):
        self.check_fault('import "log"\nlog.Fatal("fatal")')

    def test_range_over_int(self):
        reply, _ = execute(self.kc, 'import "fmt"\nfor i := range 3 {\n\tfmt.Println(i)\n}')
        self.assertTrue(self.km.is_alive())
        reply, _ = execute(self.kc, "keep + 1")
        self.assertEqual(reply["status"], "ok")


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class FloodTest(unittest.TestCase):
    def test_million_lines(self):
        km, kc = harness.start_kernel()
        try:
            pid = km.provisioner.process.pid
            execute(kc, 'import "fmt"\nfmt.Println("warm")')
            base = rss_kb(pid)
            msg_id = kc.execute('import "fmt"\nfor i := 0; i < 1000000; i++ {\n\tfmt.Println("line", i)\n}')
            peak, text = base, []
            deadline = time.monotonic() + 120
            while time.monotonic() < deadline:
                peak = max(peak, rss_kb(pid))
                try:
                    m = kc.get_iopub_msg(timeout=0.2)
                except Exception:
                    continue
                if m["parent_header"].get("msg_id") != msg_id:
                    continue
                if m["msg_type"] == "stream":
                    text.append(m["content"]["text"])
                if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                    break
            reply = kc.get_shell_msg(timeout=10)
            self.assertEqual(reply["content"]["status"], "ok")
            out = "".join(text)
            self.assertTrue(out.startswith("line 0\nline 1\n"))
            self.assertIn("output truncated", out)
            lines = [l for l in out.splitlines() if l.startswith("line ")]
            nums = [int(l.split()[1]) for l in lines[:-1]]
            self.assertEqual(nums, list(range(len(nums))), "output out of order")
            self.assertLess(peak - base, 200 * 1024, "RSS grew by %d KiB" % (peak - base))
            t0 = time.monotonic()
            kc.kernel_info(reply=True, timeout=5)
            self.assertLess(time.monotonic() - t0, 1.0)
        finally:
            harness.stop_kernel(km, kc)


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class ProcessLifeTest(unittest.TestCase):
    def test_exits_when_parent_dies(self):
        harness.jupyter_env()
        from jupyter_client.connect import write_connection_file
        cf = os.path.join(os.environ["JUPYTER_RUNTIME_DIR"], "orphan-%s.json" % uuid.uuid4())
        write_connection_file(cf, ip="127.0.0.1", key=str(uuid.uuid4()).encode())
        # A shell parent starts the kernel, prints its pid, and is killed with SIGKILL.
        parent = subprocess.Popen(["sh", "-c", '"$0" kernel -f "$1" 2>/dev/null & echo $!; wait', harness.binary(), cf],
                                  stdout=subprocess.PIPE, text=True)
        pid = int(parent.stdout.readline())
        time.sleep(0.5)
        os.kill(pid, 0)
        parent.kill()
        parent.wait()
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            # Reap it if it became our child (it does not: it is reparented to init).
            time.sleep(0.1)
        else:
            os.kill(pid, signal.SIGKILL)
            self.fail("kernel %d outlived its parent by 5 s" % pid)
        os.remove(cf)


if __name__ == "__main__":
    unittest.main()
