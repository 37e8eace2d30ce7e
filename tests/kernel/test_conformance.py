"""The community conformance suite (Debian's jupyter_kernel_test) against hessnote.

Every attribute Go can support is set. Nothing is skipped on purpose: each test of the
suite runs with a sample.
"""
import os
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import harness  # noqa: E402

SKIP_REASON = harness.SKIP_REASON
try:
    # Imported as a module: a KernelTests name in this module would be collected as a test.
    import jupyter_kernel_test as jkt
except ImportError as e:  # pragma: no cover - depends on the machine
    jkt = None
    SKIP_REASON = SKIP_REASON or ("jupyter_kernel_test is not importable (%s); install Debian's "
                                  "python3-jupyter-kernel-test" % e)

DISPLAY = 'import "github.com/hessnote/hessnote/display"\n'


@unittest.skipIf(SKIP_REASON, SKIP_REASON)
class ConformanceTest(jkt.KernelTests if jkt else unittest.TestCase):
    kernel_name = "hessnote"
    language_name = "go"
    file_extension = ".go"

    code_hello_world = 'import "fmt"\nfmt.Println("hello, world")'
    code_stderr = 'import (\n\t"fmt"\n\t"os"\n)\nfmt.Fprintln(os.Stderr, "oops")'

    completion_samples = [
        {"text": "strings.ToUpp", "matches": {"ToUpper", "ToUpperSpecial"}},
        {"text": "fmt.Sprint", "matches": {"Sprint", "Sprintf", "Sprintln"}},
    ]
    complete_code_samples = ["x := 1", "func f() {}", 'import "fmt"', "for i := 0; i < 3; i++ {\n}"]
    incomplete_code_samples = ["func f() {", "for i := 0; i < 3; i++ {", "x := []int{1,", "if true {\n\tx := 1"]
    invalid_code_samples = ["x := )", "func f() }", "1 +* 2 }"]

    code_page_something = "fmt.Println?"

    code_generate_error = 'panic("boom")'
    code_execute_result = [
        {"code": "6 * 7", "result": "42"},
        {"code": "1.5 + 1", "result": "2.5"},
    ]
    code_display_data = [
        {"code": DISPLAY + 'display.HTML("<b>hi</b>")', "mime": "text/html"},
        {"code": DISPLAY + 'display.Markdown("*hi*")', "mime": "text/markdown"},
    ]
    code_history_pattern = "6 *"
    supported_history_operations = ("tail", "range", "search")
    code_inspect_sample = "fmt.Println"
    code_clear_output = DISPLAY + "display.Clear(false)"

    @classmethod
    def setUpClass(cls):
        harness.jupyter_env()
        super().setUpClass()


if __name__ == "__main__":
    unittest.main()
