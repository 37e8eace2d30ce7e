"""Integration tests of the hessnote kernel through Debian's jupyter_client.

Run: HESSNOTE_BIN=./hessnote /usr/bin/python3 -m unittest discover -s tests/kernel -v
Each test checks the exact sequence of iopub messages of one request.
"""
import json
import os
import sys
import time
import unittest
import uuid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402
from harness import SKIP_REASON, execute, types  # noqa: E402

BUSY_INPUT = ["status:busy", "execute_input"]


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class ProtocolTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.km, cls.kc = harness.start_kernel()

    @classmethod
    def tearDownClass(cls):
        harness.stop_kernel(cls.km, cls.kc)

    def run_ok(self, code, **kw):
        reply, msgs = execute(self.kc, code, **kw)
        self.assertEqual(reply["status"], "ok", reply)
        return reply, msgs

    def streams(self, msgs, name):
        return "".join(m["content"]["text"] for m in msgs
                       if m["msg_type"] == "stream" and m["content"]["name"] == name)

    def test_01_print(self):
        code = 'import "fmt"\nfmt.Println("hello, world")'
        reply, msgs = self.run_ok(code)
        self.assertEqual(types(msgs), BUSY_INPUT + ["stream", "status:idle"])
        self.assertEqual(msgs[1]["content"]["code"], code)
        self.assertEqual(msgs[1]["content"]["execution_count"], reply["execution_count"])
        self.assertEqual(msgs[2]["content"], {"name": "stdout", "text": "hello, world\n"})

    def test_02_streams_arrive_while_running(self):
        code = ('import (\n\t"fmt"\n\t"time"\n)\n'
                'for i := 0; i < 3; i++ {\n\tfmt.Println("tick", i)\n\ttime.Sleep(200 * time.Millisecond)\n}')
        _, msgs = self.run_ok(code)
        streams = [m for m in msgs if m["msg_type"] == "stream"]
        self.assertEqual([m["content"]["text"] for m in streams], ["tick 0\n", "tick 1\n", "tick 2\n"])
        gaps = [b["_t"] - a["_t"] for a, b in zip(streams, streams[1:])]
        for g in gaps:
            self.assertGreater(g, 0.1, "stream messages not spread in time: %r" % gaps)

    def test_03_stderr(self):
        _, msgs = self.run_ok('import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "to stderr")\nfmt.Println("to stdout")')
        self.assertEqual(types(msgs), BUSY_INPUT + ["stream", "stream", "status:idle"])
        self.assertEqual(msgs[2]["content"], {"name": "stderr", "text": "to stderr\n"})
        self.assertEqual(msgs[3]["content"], {"name": "stdout", "text": "to stdout\n"})

    def test_04_execute_result(self):
        reply, msgs = self.run_ok("20 + 22")
        self.assertEqual(types(msgs), BUSY_INPUT + ["execute_result", "status:idle"])
        res = msgs[2]["content"]
        self.assertEqual(res["data"]["text/plain"], "42")
        self.assertEqual(res["execution_count"], reply["execution_count"])
        self.assertIsInstance(res["metadata"], dict)
        # A statement or declaration has no value.
        _, msgs = self.run_ok("answer := 42")
        self.assertEqual(types(msgs), BUSY_INPUT + ["status:idle"])

    def test_05_display(self):
        code = ('import "github.com/hessnote/hessnote/display"\n'
                'display.HTML("<b>bold</b>")\ndisplay.Show(3.5)')
        _, msgs = self.run_ok(code)
        self.assertEqual(types(msgs), BUSY_INPUT + ["display_data", "display_data", "status:idle"])
        self.assertIn("<b>bold</b>", msgs[2]["content"]["data"]["text/html"])
        self.assertIn("text/plain", msgs[3]["content"]["data"])
        for m in msgs[2:4]:
            self.assertIsInstance(m["content"]["metadata"], dict)

    def test_06_display_update_and_clear(self):
        code = ('import "github.com/hessnote/hessnote/display"\n'
                'display.ShowID("progress", "step 1")\ndisplay.Update("progress", "step 2")\ndisplay.Clear(true)')
        _, msgs = self.run_ok(code)
        self.assertEqual(types(msgs), BUSY_INPUT + ["display_data", "update_display_data", "clear_output", "status:idle"])
        self.assertEqual(msgs[2]["content"]["transient"], {"display_id": "progress"})
        self.assertEqual(msgs[3]["content"]["transient"], {"display_id": "progress"})
        self.assertEqual(msgs[4]["content"], {"wait": True})

    def test_07_error_has_cell_relative_lines(self):
        self.run_ok("keep := 41")
        reply, msgs = execute(self.kc, "x := 1\n_ = x\ny := undefinedThing")
        self.assertEqual(reply["status"], "error")
        self.assertEqual(types(msgs), BUSY_INPUT + ["error", "status:idle"])
        err = msgs[2]["content"]
        self.assertTrue(err["ename"])
        self.assertIn("3:", err["evalue"])
        self.assertIn("undefinedThing", err["evalue"])
        self.assertIsInstance(err["traceback"], list)
        for line in err["traceback"]:
            self.assertIsInstance(line, str)
        self.assertEqual(reply["ename"], err["ename"])

    def test_08_panic(self):
        reply, msgs = execute(self.kc, 'var m map[string]int\nm["a"] = 1')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(types(msgs), BUSY_INPUT + ["error", "status:idle"])
        reply, msgs = execute(self.kc, 'panic("boom")')
        self.assertEqual(reply["status"], "error")
        self.assertEqual(types(msgs), BUSY_INPUT + ["error", "status:idle"])
        self.assertIn("boom", msgs[2]["content"]["evalue"])

    def test_09_state_survives_errors(self):
        self.run_ok("keep := 41")
        execute(self.kc, 'panic("again")')
        execute(self.kc, "this is not Go")
        _, msgs = self.run_ok("keep + 1")
        self.assertEqual(msgs[2]["content"]["data"]["text/plain"], "42")

    def test_10_execution_count(self):
        r1, _ = self.run_ok("1")
        r2, msgs = self.run_ok("2", silent=True)
        self.assertEqual(types(msgs), ["status:busy", "status:idle"])  # silent: no input, no result
        r3, _ = self.run_ok("3", store_history=False)
        r4, _ = self.run_ok("4")
        self.assertEqual(r2["execution_count"], r1["execution_count"])
        self.assertEqual(r3["execution_count"], r1["execution_count"])
        self.assertEqual(r4["execution_count"], r1["execution_count"] + 1)

    def test_11_bad_signature_not_executed(self):
        import zmq
        marker = os.path.join(harness.jupyter_env(), "pwned-%s" % uuid.uuid4().hex)
        code = 'import "os"\nos.WriteFile(%s, []byte("x"), 0o600)' % json.dumps(marker)
        from jupyter_client.session import Session
        info = self.km.get_connection_info()
        url = "%s://%s:%d" % (info["transport"], info["ip"], info["shell_port"])
        ctx = zmq.Context.instance()
        sock = ctx.socket(zmq.DEALER)
        sock.setsockopt(zmq.LINGER, 0)
        sock.connect(url)
        try:
            evil = Session(key=b"definitely-not-the-key", username="evil")
            evil.send(sock, "execute_request", content={"code": code, "silent": False, "store_history": True,
                                                       "user_expressions": {}, "allow_stdin": False})
            self.assertFalse(sock.poll(1500), "kernel answered a badly signed request")
            self.assertFalse(os.path.exists(marker), "badly signed code ran")
            # The kernel still answers, and the same code with the right key does run.
            reply, _ = execute(self.kc, code)
            self.assertEqual(reply["status"], "ok")
            self.assertTrue(os.path.exists(marker), "control: correctly signed code did not run")
        finally:
            sock.close()

    def test_12_kernel_info_on_control(self):
        msg, reply = harness.control_request(self.km, "kernel_info_request")
        self.assertEqual(reply["parent_header"]["msg_id"], msg["header"]["msg_id"])
        c = reply["content"]
        self.assertEqual(c["status"], "ok")
        self.assertEqual(c["implementation"], "hessnote")
        self.assertGreaterEqual(tuple(int(x) for x in c["protocol_version"].split(".")), (5, 3))
        li = c["language_info"]
        self.assertEqual((li["name"], li["mimetype"], li["file_extension"], li["pygments_lexer"], li["codemirror_mode"]),
                         ("go", "text/x-go", ".go", "go", "go"))
        self.assertFalse(li["version"].startswith("go"))
        self.assertTrue(c["banner"])
        self.assertTrue(c["help_links"])
        self.assertEqual(reply["header"]["version"], "5.3")
        # And on shell.
        shell = self.kc.kernel_info(reply=True, timeout=10)
        self.assertEqual(shell["content"]["language_info"], li)

    def test_13_stdin(self):
        code = 'import "fmt"\nvar name string\nfmt.Scanln(&name)\nfmt.Println("got", name)'
        msg_id = self.kc.execute(code, allow_stdin=True)
        req = self.kc.get_stdin_msg(timeout=10)
        self.assertEqual(req["msg_type"], "input_request")
        self.assertEqual(req["parent_header"]["msg_id"], msg_id)
        self.assertFalse(req["content"]["password"])
        self.kc.input("Ada")
        msgs = harness.collect(self.kc, msg_id)
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["content"]["status"], "ok", reply["content"])
        self.assertEqual(self.streams(msgs, "stdout"), "got Ada\n")
        # Without allow_stdin the read fails at once instead of hanging.
        t0 = time.monotonic()
        reply, msgs = execute(self.kc, code, allow_stdin=False)
        self.assertLess(time.monotonic() - t0, 2)
        self.assertNotIn("got Ada", self.streams(msgs, "stdout"))

    def test_14_comms(self):
        msg = self.kc.session.msg("comm_info_request", {})
        self.kc.shell_channel.send(msg)
        reply = self.kc.get_shell_msg(timeout=10)
        self.assertEqual(reply["msg_type"], "comm_info_reply")
        self.assertEqual(reply["content"], {"status": "ok", "comms": {}})
        comm_id = uuid.uuid4().hex
        msg = self.kc.session.msg("comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
        self.kc.shell_channel.send(msg)
        msgs = harness.collect(self.kc, msg["header"]["msg_id"])
        self.assertEqual(types(msgs), ["status:busy", "comm_close", "status:idle"])
        self.assertEqual(msgs[1]["content"]["comm_id"], comm_id)

    def test_15_editor_queries(self):
        reply = self.kc.complete("fmt.Prin", 8, reply=True, timeout=10)["content"]
        self.assertEqual(reply["status"], "ok")
        self.assertIn("metadata", reply)
        self.assertLessEqual(reply["cursor_start"], reply["cursor_end"])
        # Kinds and signatures as ipykernel sends them, one entry per match.
        kinds = reply["metadata"]["_jupyter_types_experimental"]
        self.assertEqual([k["text"] for k in kinds], reply["matches"])
        println = [k for k in kinds if k["text"] == "Println"][0]
        self.assertEqual(println["type"], "function")
        self.assertEqual(println["signature"], "(a ...any) (n int, err error)")
        self.assertEqual((println["start"], println["end"]), (4, 8))
        # Fields of a variable the cell being typed declares.
        code = "w := struct{Foo, Bar int}{}; w."
        r = self.kc.complete(code, len(code), reply=True, timeout=10)["content"]
        self.assertEqual(r["matches"], ["Bar", "Foo"])
        self.assertEqual([k["type"] for k in r["metadata"]["_jupyter_types_experimental"]], ["field", "field"])
        # Cursor positions count code points: a non-ASCII prefix shifts them by runes.
        code = 's := "π∇²"; fmt.Prin'
        ascii_reply = self.kc.complete("fmt.Prin", 8, reply=True, timeout=10)["content"]
        uni = self.kc.complete(code, len(code), reply=True, timeout=10)["content"]
        self.assertEqual(uni["cursor_end"], len(code))
        self.assertEqual(sorted(uni["matches"]), sorted(ascii_reply["matches"]))
        for level in (0, 1):
            r = self.kc.inspect("fmt.Println", 6, detail_level=level, reply=True, timeout=10)["content"]
            self.assertEqual(r["status"], "ok")
            self.assertTrue(r["found"])
            self.assertIn("text/plain", r["data"])
        self.kc.is_complete("for {")
        r = self.kc.get_shell_msg(timeout=10)["content"]
        self.assertEqual(r["status"], "incomplete")
        self.assertIn("indent", r)

    def test_16_history_across_restart(self):
        marker = "h%s := 1" % uuid.uuid4().hex[:8]
        self.run_ok(marker)
        km, kc = harness.start_kernel()  # a second kernel: a new session in the same data dir
        try:
            kc.history(hist_access_type="search", pattern=marker, output=False, raw=True)
            reply = kc.get_shell_msg(timeout=10)["content"]
            self.assertEqual(reply["status"], "ok")
            self.assertEqual([h[2] for h in reply["history"]], [marker])
            kc.history(hist_access_type="tail", n=1, output=False, raw=True)
            reply = kc.get_shell_msg(timeout=10)["content"]
            self.assertGreater(len(reply["history"]), 0)
        finally:
            harness.stop_kernel(km, kc)

    def test_17_stop_on_error_aborts_queued(self):
        first = self.kc.execute('import "time"\ntime.Sleep(300 * time.Millisecond)\npanic("stop here")')
        second = self.kc.execute("aborted1 := 1")
        third = self.kc.execute("aborted2 := 2")
        replies = {}
        for _ in range(3):
            r = self.kc.get_shell_msg(timeout=10)
            replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
        self.assertEqual([replies[first], replies[second], replies[third]], ["error", "aborted", "aborted"])
        for msg_id in (first, second, third):
            harness.collect(self.kc, msg_id)
        # Nothing of the aborted cells ran; the next cell runs normally.
        reply, _ = execute(self.kc, "aborted1")
        self.assertEqual(reply["status"], "error")
        # stop_on_error false: the next queued cell runs.
        a = self.kc.execute('panic("no stop")', stop_on_error=False)
        b = self.kc.execute("1 + 1")
        replies = {}
        for _ in range(2):
            r = self.kc.get_shell_msg(timeout=10)
            replies[r["parent_header"]["msg_id"]] = r["content"]["status"]
        self.assertEqual([replies[a], replies[b]], ["error", "ok"])
        for msg_id in (a, b):
            harness.collect(self.kc, msg_id)


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class ShutdownTest(unittest.TestCase):
    def test_shutdown_request_on_control(self):
        km, kc = harness.start_kernel()
        try:
            _, reply = harness.control_request(km, "shutdown_request", {"restart": False})
            self.assertEqual(reply["msg_type"], "shutdown_reply")
            self.assertEqual(reply["content"]["status"], "ok")
            self.assertEqual(reply["content"]["restart"], False)
            deadline = time.monotonic() + 5
            while km.is_alive() and time.monotonic() < deadline:
                time.sleep(0.05)
            self.assertFalse(km.is_alive(), "kernel still running 5 s after shutdown_reply")
        finally:
            harness.stop_kernel(km, kc)

    def test_restart_flag_echoed_on_shell(self):
        km, kc = harness.start_kernel()
        try:
            msg = kc.session.msg("shutdown_request", {"restart": True})
            kc.shell_channel.send(msg)
            reply = kc.get_shell_msg(timeout=10)
            self.assertEqual(reply["content"]["restart"], True)
        finally:
            harness.stop_kernel(km, kc)

    def test_manager_restart(self):
        km, kc = harness.start_kernel()
        try:
            execute(kc, "before := 1")
            km.restart_kernel(now=False)
            kc.wait_for_ready(timeout=harness.TIMEOUT)
            reply, msgs = execute(kc, "2 + 2")
            self.assertEqual(reply["status"], "ok")
            self.assertEqual(reply["execution_count"], 1)
        finally:
            harness.stop_kernel(km, kc)


if __name__ == "__main__":
    unittest.main()
