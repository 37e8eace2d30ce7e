#!/usr/bin/python3
"""Checks that the numbers a notebook's prose quotes are numbers its stored outputs print.

The convention: in a markdown cell, a number written as inline code, `0.45`, `-9.83`,
`1.23e-30`, `25,450` or `174`, quotes a number printed by the code cells above it or by the
first code cell below it (their stream text, text/plain, text/markdown or text/html; not
images). A quotation holds when some number in those outputs equals it at the precision
quoted:

* an integer (no decimal point, no exponent) must be printed exactly: `174` quotes 174,
  not 174.3 or 1740;
* a decimal quotes any printed number that rounds to it: `0.45` quotes 0.4523 and
  4.523e-01, not 0.46;
* a number with an exponent quotes any printed number that rounds to its mantissa's
  digits: `7.2e-07` quotes 7.21e-07.

Thousands separators (`25,450`) and a Unicode minus (`−9.83`) are allowed in quotations.
Other numbers in the prose (equation numbers, sizes set in the code, derived ratios) are
left unmarked and unchecked; inline code that is not only a number (`m=5`) is not a
quotation. The check fails, naming the notebook, the cell and the quotation, when a quoted
number no longer appears in those outputs, so that a rerun that changes a result cannot
leave the prose quoting the old one. It cannot tell which printed number a quotation
means: a stale quotation that happens to equal another printed number (an integer in a
table, say) still passes.

Usage: check_claims.py notebooks/*.ipynb     (exit status 1 when a quotation fails)
"""
import json
import re
import sys
from decimal import Decimal, InvalidOperation

# A quotation: the whole content of an inline code span.
QUOTE_RE = re.compile(r"^[-+\u2212]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+\u2212]?\d+)?$")
CODE_SPAN_RE = re.compile(r"(?<!`)`([^`\n]+)`(?!`)")
FENCE_RE = re.compile(r"^\s*(```|~~~)")
# Numbers in outputs: no thousands separators (a comma separates list items there).
OUTPUT_NUMBER_RE = re.compile(r"[-+\u2212]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
TEXT_MIMES = ("text/plain", "text/markdown", "text/html")


def text_of(v):
    return "".join(v) if isinstance(v, list) else (v or "")


def cell_texts(cell):
    """Yields the text of every text output of a code cell."""
    if cell.get("cell_type") == "code":
        for out in cell.get("outputs", []):
            kind = out.get("output_type")
            if kind == "stream":
                yield text_of(out.get("text"))
            elif kind in ("display_data", "execute_result"):
                data = out.get("data", {})
                for mime in TEXT_MIMES:
                    if mime in data:
                        yield text_of(data[mime])
            elif kind == "error":
                yield out.get("evalue", "")


def normalize(s):
    return s.replace("\u2212", "-").replace(",", "")


def numbers_of(cell):
    nums = set()
    for text in cell_texts(cell):
        for m in OUTPUT_NUMBER_RE.finditer(text):
            try:
                nums.add(Decimal(normalize(m.group(0))))
            except InvalidOperation:
                pass
    return nums


def visible_numbers(nb):
    """Maps each cell index to the numbers a markdown cell there may quote: those printed
    by the code cells above it and by the first code cell below it."""
    cells = nb.get("cells", [])
    per_cell = [numbers_of(c) for c in cells]
    visible, above = {}, set()
    for i, c in enumerate(cells):
        if c.get("cell_type") == "markdown":
            below = next((per_cell[j] for j in range(i + 1, len(cells))
                          if cells[j].get("cell_type") == "code"), set())
            visible[i] = above | below
        above = above | per_cell[i]
    return visible


def quotations(nb):
    """Yields (cell index, quoted text, line) for every quoted number in markdown cells."""
    for i, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "markdown":
            continue
        fenced = False
        for line in text_of(cell.get("source")).split("\n"):
            if FENCE_RE.match(line):
                fenced = not fenced
                continue
            if fenced:
                continue
            for m in CODE_SPAN_RE.finditer(line):
                q = m.group(1).strip()
                if QUOTE_RE.match(q):
                    yield i, q, line


def tolerance(quoted):
    """Half a unit in the last place quoted, or None for an integer (exact match)."""
    q = normalize(quoted)
    mant, _, exp = q.lower().partition("e")
    if "." not in mant and not exp:
        return None
    decimals = len(mant.split(".")[1]) if "." in mant else 0
    return Decimal(5) * Decimal(10) ** (int(exp or 0) - decimals - 1)


def holds(quoted, numbers):
    value = Decimal(normalize(quoted))
    tol = tolerance(quoted)
    if tol is None:
        return value in numbers
    return any(abs(n - value) <= tol for n in numbers)


def check(path):
    with open(path, encoding="utf-8") as f:
        nb = json.load(f)
    visible = visible_numbers(nb)
    failures, count = [], 0
    for cell, quoted, line in quotations(nb):
        count += 1
        if not holds(quoted, visible[cell]):
            failures.append(f"cell {cell}: `{quoted}` is printed by no code cell above it nor by the next one: {line.strip()[:160]}")
    return count, failures


def main(paths):
    if not paths:
        print("no notebooks given", file=sys.stderr)
        return 2
    bad = 0
    for path in paths:
        count, failures = check(path)
        if failures:
            bad += 1
            print(f"FAIL {path}: {len(failures)} of {count} quoted numbers not in the outputs")
            for f in failures:
                print("    " + f)
        else:
            print(f"ok   {path}: {count} quoted numbers found in the outputs")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
