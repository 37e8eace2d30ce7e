"""Tests of check_claims.py: python3 -m unittest discover -s tests/notebooks -p 'test_*.py'"""
import os
import sys
import unittest
from decimal import Decimal

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_claims as cc  # noqa: E402


def notebook(markdown, output):
    return {"cells": [
        {"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "name": "stdout", "text": output}]},
        {"cell_type": "markdown", "source": markdown},
    ]}


class Quotations(unittest.TestCase):
    def quoted(self, md):
        return [q for _, q, _ in cc.quotations(notebook(md, ""))]

    def test_only_pure_numbers_are_quotations(self):
        self.assertEqual(self.quoted("f = `0.45`, `m=5`, `optim.Newton`, `−9.83`, `25,450` and `1e-10`"),
                         ["0.45", "−9.83", "25,450", "1e-10"])

    def test_fenced_code_is_skipped(self):
        self.assertEqual(self.quoted("```\n`12`\n```\n`13`"), ["13"])


class Holds(unittest.TestCase):
    nums = {Decimal(s) for s in ["4.523e-01", "174", "-9.8309", "7.21e-07", "25450", "0.8182"]}

    def test_rounding_to_the_digits_quoted(self):
        for q in ["0.45", "0.452", "-9.83", "−9.8", "7.2e-07", "7.21e-7", "0.818", "0.8182", "25,450", "174"]:
            self.assertTrue(cc.holds(q, self.nums), q)

    def test_wrong_numbers_fail(self):
        for q in ["0.46", "0.4524", "9.83", "7.3e-07", "175", "17", "1740", "0.8186", "25,451"]:
            self.assertFalse(cc.holds(q, self.nums), q)

    def test_check_reports_a_stale_quotation(self):
        nb = notebook("measured `0.8182`, bound `0.8186`", "f ratio per step: measured 0.8182, bound 0.8185\n")
        vis = cc.visible_numbers(nb)
        failing = [q for i, q, _ in cc.quotations(nb) if not cc.holds(q, vis[i])]
        self.assertEqual(failing, ["0.8186"])

    def test_only_outputs_above_and_the_next_code_cell_count(self):
        def code(text):
            return {"cell_type": "code", "source": "", "outputs": [{"output_type": "stream", "name": "stdout", "text": text}]}
        nb = {"cells": [code("1.5\n"), {"cell_type": "markdown", "source": "`1.5` `2.5` `3.5`"}, code("2.5\n"), code("3.5\n")]}
        vis = cc.visible_numbers(nb)
        self.assertEqual([q for i, q, _ in cc.quotations(nb) if not cc.holds(q, vis[i])], ["3.5"])


if __name__ == "__main__":
    unittest.main()
