#!/usr/bin/python3
"""scipy.optimize on the Moré-Garbow-Hillstrom problems and starts of bench/optim.json.

The problems are written here once, as MGH residuals r(x) with f = sum r^2, on a small
second-order forward-mode number type (value, gradient, Hessian, vectorized over the
residuals), so f, the gradient and the Hessian are exact up to rounding. Before any run
the definitions are checked against f, gradient and Hessian exported by the Go program
bench/mghdump at two points per problem (X0 and 1.05*X0 + 0.05): the run stops if any
relative difference exceeds 1e-8, so the two sides provably minimize the same functions.

Methods: BFGS, L-BFGS-B, CG, Newton-CG, trust-exact, trust-ncg, dogleg, trust-krylov,
gradient tolerance 1e-5 (scipy's own norms: infinity norm for BFGS, CG and L-BFGS-B, the
2-norm for the trust-region methods; Newton-CG has no gradient test and stops on
xtol = 1e-5), at most 5000 iterations, scipy's other defaults. Evaluations are counted
by wrappers (f, gradient, Hessian, Hessian-vector calls), time is wall time of
scipy.optimize.minimize, and separately the time spent inside the Python objective.

Writes OUT/scipy.json: the runs and the join with bench/optim.json (evaluation and time
ratios against the matching hessnote method). Prints a markdown summary.
"""
import argparse
import json
import math
import os
import subprocess
import sys
import time

import numpy as np

sys.dont_write_bytecode = True  # no __pycache__ in bench/
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from peers import ensure  # noqa: E402

scipy = None  # set by main (installed with apt-get when missing)


# ---------------------------------------------------------------- second-order numbers

class Num:
    """v + g.dx + dx'H dx/2, vectorized: v has shape S, g shape S+(n,), H shape S+(n,n).
    H is None when only first derivatives are wanted."""
    __slots__ = ("v", "g", "H")
    __array_ufunc__ = None  # numpy arrays defer to our reflected operators

    def __init__(self, v, g, H):
        v = np.asarray(v, dtype=float)
        shp = v.shape
        n = g.shape[-1]
        if g.shape[:-1] != shp:
            g = np.broadcast_to(g, shp + (n,))
        if H is not None and H.shape[:-2] != shp:
            H = np.broadcast_to(H, shp + (n, n))
        self.v, self.g, self.H = v, g, H

    def _const(self, c):
        c = np.asarray(c, dtype=float)
        return Num(c, np.zeros(c.shape + (self.g.shape[-1],)),
                   None if self.H is None else np.zeros(c.shape + (self.g.shape[-1],) * 2))

    def __add__(a, b):
        if not isinstance(b, Num):
            return Num(a.v + b, a.g, a.H)
        return Num(a.v + b.v, a.g + b.g, None if a.H is None else a.H + b.H)

    __radd__ = __add__

    def __neg__(a):
        return Num(-a.v, -a.g, None if a.H is None else -a.H)

    def __sub__(a, b):
        return a + (-b)

    def __rsub__(a, b):
        return (-a) + b

    def __mul__(a, b):
        if not isinstance(b, Num):
            c = np.asarray(b, dtype=float)
            return Num(a.v * c, a.g * c[..., None],
                       None if a.H is None else a.H * c[..., None, None])
        av, bv = a.v, b.v
        g = a.g * bv[..., None] + b.g * av[..., None]
        H = None
        if a.H is not None:
            H = (a.H * bv[..., None, None] + b.H * av[..., None, None]
                 + a.g[..., :, None] * b.g[..., None, :] + b.g[..., :, None] * a.g[..., None, :])
        return Num(av * bv, g, H)

    __rmul__ = __mul__

    def unary(u, f0, f1, f2):
        g = f1[..., None] * u.g
        H = None
        if u.H is not None:
            H = f1[..., None, None] * u.H + f2[..., None, None] * (u.g[..., :, None] * u.g[..., None, :])
        return Num(f0, g, H)

    def recip(u):
        r = 1.0 / u.v
        return u.unary(r, -r * r, 2 * r * r * r)

    def __truediv__(a, b):
        if not isinstance(b, Num):
            return a * (1.0 / np.asarray(b, dtype=float))
        return a * b.recip()

    def __rtruediv__(a, b):
        return a.recip() * b


def exp(u):
    if isinstance(u, Num):
        e = np.exp(u.v)
        return u.unary(e, e, e)
    return np.exp(u)


def sin(u):
    if isinstance(u, Num):
        s, c = np.sin(u.v), np.cos(u.v)
        return u.unary(s, c, -s)
    return np.sin(u)


def cos(u):
    if isinstance(u, Num):
        s, c = np.sin(u.v), np.cos(u.v)
        return u.unary(c, -s, -c)
    return np.cos(u)


def atan(u):
    if isinstance(u, Num):
        d = 1.0 / (1.0 + u.v * u.v)
        return u.unary(np.arctan(u.v), d, -2 * u.v * d * d)
    return np.arctan(u)


def sqrt(u):
    if isinstance(u, Num):
        s = np.sqrt(u.v)
        return u.unary(s, 0.5 / s, -0.25 / (s * s * s))
    return np.sqrt(u)


def log_abs(u):
    if isinstance(u, Num):
        return u.unary(np.log(np.abs(u.v)), 1.0 / u.v, -1.0 / (u.v * u.v))
    return np.log(np.abs(u))


def val(u):
    return u.v if isinstance(u, Num) else u


# ---------------------------------------------------------------- MGH residuals

def r_rosenbrock(x):
    out = []
    for i in range(len(x) - 1):
        out += [1 - x[i], 10 * (x[i + 1] - x[i] * x[i])]
    return out


def r_beale(x):
    ys = [1.5, 2.25, 2.625]
    out, pw = [], x[1]
    for y in ys:
        out.append(y - x[0] * (1 - pw))
        pw = pw * x[1]
    return out


def r_biggs(x):
    z = np.arange(1, 14) / 10
    y = np.exp(-z) - 5 * np.exp(-10 * z) + 3 * np.exp(-4 * z)
    return [x[2] * exp(x[0] * -z) - x[3] * exp(x[1] * -z) + x[5] * exp(x[4] * -z) - y]


def r_box3d(x):
    c = -np.arange(1, 11) / 10
    y = np.exp(c) - np.exp(10 * c)
    return [exp(x[0] * c) - exp(x[1] * c) - x[2] * y]


def r_brown_badly(x):
    return [x[0] - 1e6, x[1] - 2e-6, x[0] * x[1] - 2]


def r_brown_dennis(x):
    c = np.arange(1, 21) / 5
    f1 = x[0] + x[1] * c - np.exp(c)
    f2 = x[2] + x[3] * np.sin(c) - np.cos(c)
    return [f1 * f1 + f2 * f2]


def r_powell_singular(x):
    out = []
    for i in range(0, len(x) - 3, 4):
        a, b = x[i + 1] - 2 * x[i + 2], x[i] - x[i + 3]
        out += [x[i] + 10 * x[i + 1], math.sqrt(5) * (x[i + 2] - x[i + 3]),
                a * a, math.sqrt(10) * (b * b)]
    return out


def r_gaussian(x):
    ys = np.array([0.0009, 0.0044, 0.0175, 0.0540, 0.1295, 0.2420, 0.3521, 0.3989,
                   0.3521, 0.2420, 0.1295, 0.0540, 0.0175, 0.0044, 0.0009])
    c = 0.5 * (8 - np.arange(1, 16))
    d = (-x[2] + c)
    d = d * d
    return [x[0] * exp(x[1] * d * -0.5) - ys]


def r_gulf(x):
    arg = np.arange(1, 100) / 100
    u = -x[1] + ((-50 * np.log(arg)) ** (2.0 / 3.0) + 25)
    t1 = exp(x[2] * log_abs(u)) / x[0]
    return [exp(-t1) - arg]


def r_helical(x):
    theta = atan(x[1] / x[0]) * (0.5 / math.pi)
    if val(x[0]) < 0:
        theta = theta + 0.5
    return [10 * x[2] - 100 * theta, 10 * sqrt(x[0] * x[0] + x[1] * x[1]) - 10, x[2]]


def r_penalty1(x):
    a = math.sqrt(1e-5)
    s = -0.25
    out = []
    for xi in x:
        out.append(a * xi - a)
        s = s + xi * xi
    return out + [s]


def r_penalty2(x):
    n = len(x)
    a = math.sqrt(1e-5)
    out = [x[0] - 0.2]
    for i in range(1, n):
        yi = math.exp((i + 1) / 10) + math.exp(i / 10)
        out.append(a * (exp(x[i] * 0.1) + exp(x[i - 1] * 0.1)) - a * yi)
    for i in range(1, n):
        out.append(a * exp(x[i] * 0.1) - a * math.exp(-0.1))
    s = -1.0
    for i, xi in enumerate(x):
        s = s + (n - i) * (xi * xi)
    return out + [s]


def r_powell_badly(x):
    return [1e4 * (x[0] * x[1]) - 1, exp(-x[0]) + exp(-x[1]) - 1.0001]


def r_trig(x):
    n = len(x)
    s = 0.0
    for xi in x:
        s = s + cos(xi)
    return [(n + i + 1) - (i + 1) * cos(xi) - sin(xi) - s for i, xi in enumerate(x)]


def r_vardim(x):
    n = len(x)
    out = []
    s = 0.0
    for i, xi in enumerate(x):
        out.append(xi - 1)
        s = s + (i + 1) * xi - (i + 1)
    return out + [s, s * s]


def r_watson(x):
    n = len(x)
    t = np.arange(1, 30) / 29
    s1 = 0.0
    for j in range(1, n):
        s1 = s1 + x[j] * (j * t ** (j - 1))
    s2 = 0.0
    for j in range(n):
        s2 = s2 + x[j] * t ** j
    return [s1 - s2 * s2 - 1, x[0], x[1] - x[0] * x[0] - 1]


def r_wood(x):
    return [10 * (x[1] - x[0] * x[0]), 1 - x[0], math.sqrt(90) * (x[3] - x[2] * x[2]),
            1 - x[2], math.sqrt(10) * (x[1] + x[3]) - 2 * math.sqrt(10),
            math.sqrt(0.1) * (x[1] - x[3])]


def residuals_for(name):
    if "Rosenbrock" in name:
        return r_rosenbrock
    table = [("Beale", r_beale), ("Biggs", r_biggs), ("Box 3D", r_box3d),
             ("Brown badly", r_brown_badly), ("Brown and Dennis", r_brown_dennis),
             ("Powell singular", r_powell_singular), ("Gaussian", r_gaussian),
             ("Gulf", r_gulf), ("Helical", r_helical), ("Penalty II", r_penalty2),
             ("Penalty I", r_penalty1), ("Powell badly", r_powell_badly),
             ("Trigonometric", r_trig), ("Variably", r_vardim), ("Watson", r_watson),
             ("Wood", r_wood)]
    for key, fn in table:
        if key in name:
            return fn
    raise KeyError(name)


class Objective:
    """f = sum r^2 with counted f, gradient, Hessian and Hessian-vector evaluations."""

    def __init__(self, res, n):
        self.res, self.n = res, n
        self.nf = self.ng = self.nh = self.nhv = 0
        self.inside = 0.0
        self._hx, self._H = None, None
        self.deadline = None

    def _tick(self):
        if self.deadline is not None and time.perf_counter() > self.deadline:
            raise TimeoutError("time limit")

    def _eval(self, x, order):
        n = self.n
        if order == 0:
            xs = [float(v) for v in x]
        else:
            eye = np.eye(n)
            xs = [Num(float(x[i]), eye[i], np.zeros((n, n)) if order == 2 else None)
                  for i in range(n)]
        f, g, H = 0.0, np.zeros(n), np.zeros((n, n))
        for r in self.res(xs):
            if not isinstance(r, Num):
                rv = np.asarray(r, dtype=float)
                f += float(np.sum(rv * rv))
                continue
            rv = r.v
            f += float(np.sum(rv * rv))
            gi = r.g.reshape(-1, n)
            rr = np.reshape(rv, -1)
            g += 2 * (rr @ gi)
            if order == 2:
                H += 2 * (gi.T @ gi + np.tensordot(rr, r.H.reshape(-1, n, n), axes=1))
        return f, g, 0.5 * (H + H.T)

    def f(self, x):
        self._tick()
        t = time.perf_counter()
        with np.errstate(all="ignore"):
            v = self._eval(x, 0)[0]
        self.nf += 1
        self.inside += time.perf_counter() - t
        return v

    def grad(self, x):
        self._tick()
        t = time.perf_counter()
        with np.errstate(all="ignore"):
            g = self._eval(x, 1)[1]
        self.ng += 1
        self.inside += time.perf_counter() - t
        return g

    def _hess(self, x):
        with np.errstate(all="ignore"):
            return self._eval(x, 2)[2]

    def hess(self, x):
        self._tick()
        t = time.perf_counter()
        H = self._hess(x)
        self.nh += 1
        self.inside += time.perf_counter() - t
        return H

    def hessp(self, x, p):
        # One Hessian-vector product; the Hessian at x is computed once and reused for
        # the products at that x (the dual numbers give the whole matrix anyway).
        self._tick()
        t = time.perf_counter()
        if self._hx is None or not np.array_equal(self._hx, x):
            self._hx, self._H = np.array(x, copy=True), self._hess(x)
        hv = self._H @ p
        self.nhv += 1
        self.inside += time.perf_counter() - t
        return hv


# ---------------------------------------------------------------- verification

def verify(points):
    worst = 0.0
    worst_at = ""
    for prob in points:
        res = residuals_for(prob["name"])
        for pt in prob["points"]:
            x = np.array(pt["x"])
            obj = Objective(res, len(x))
            f, g, H = obj._eval(x, 2)
            f1 = obj._eval(x, 0)[0]
            g1 = obj._eval(x, 1)[1]
            for label, a, b in (("f", f, pt["f"]), ("f0", f1, pt["f"]), ("g", g, pt["grad"]),
                                ("g1", g1, pt["grad"]), ("H", H, pt["hess"])):
                a, b = np.asarray(a, dtype=float), np.asarray(b, dtype=float)
                scale = max(1.0, float(np.max(np.abs(b))))
                d = float(np.max(np.abs(a - b))) / scale
                if d > worst:
                    worst, worst_at = d, f"{prob['name']} {label} at {pt['x']}"
    return worst, worst_at


# ---------------------------------------------------------------- runs

# scipy method -> (hessnote method in optim.json, how the Hessian is given)
METHODS = [
    ("BFGS", "BFGS", None),
    ("L-BFGS-B", "L-BFGS", None),
    ("CG", "CG (PR+)", None),
    ("Newton-CG", "Newton-CG", "hessp"),
    ("trust-exact", "trust-region Newton (Moré-Sorensen)", "hess"),
    ("trust-ncg", "trust-region Newton (Steihaug-CG)", "hessp"),
    ("dogleg", "trust-region Newton (dogleg)", "hess"),
    ("trust-krylov", "trust-region Newton (Moré-Sorensen)", "hessp"),
]
GTOL = 1e-5
MAXITER = 5000


def reached(f, fmin):
    if fmin is None or f is None or not math.isfinite(f):
        return False
    if fmin == 0:
        return f <= 1e-8
    return abs(f - fmin) <= 1e-6 * abs(fmin)


def run_one(prob, method, hesskind, time_limit):
    x0 = np.array(prob["x0"], dtype=float)
    obj = Objective(residuals_for(prob["name"]), len(x0))
    opts = {"maxiter": MAXITER}
    if method == "Newton-CG":
        opts["xtol"] = 1e-5
    else:
        opts["gtol"] = GTOL
    kw = {}
    if hesskind == "hess":
        kw["hess"] = obj.hess
    elif hesskind == "hessp":
        kw["hessp"] = obj.hessp
    rec = {"problem": prob["name"], "method": method}
    obj.deadline = time.perf_counter() + time_limit
    t = time.perf_counter()
    try:
        with np.errstate(all="ignore"):
            r = scipy.optimize.minimize(obj.f, x0, jac=obj.grad, method=method, options=opts, **kw)
        rec.update(success=bool(r.success), message=str(r.message), f=float(r.fun),
                   iterations=int(getattr(r, "nit", -1)),
                   grad_inf_norm=float(np.max(np.abs(obj.grad(r.x)))))
        obj.ng -= 1  # the check above is not the solver's
    except Exception as e:  # a failure of the method is a result, not a crash
        rec.update(success=False, message=f"{type(e).__name__}: {e}", f=None, iterations=None,
                   grad_inf_norm=None)
    rec["seconds"] = time.perf_counter() - t
    rec["seconds_in_objective"] = obj.inside
    rec.update(func_evals=obj.nf, grad_evals=obj.ng, hess_evals=obj.nh, hessvec_evals=obj.nhv)
    rec["evals"] = obj.nf + obj.ng + obj.nh + obj.nhv
    rec["reached"] = reached(rec["f"], prob.get("f_min"))
    # A false success: scipy says success while the infinity norm of the true gradient at
    # the returned point is above gtol (Newton-CG, which has no gradient test, included).
    rec["false_success"] = bool(rec["success"] and not (rec["grad_inf_norm"] is not None
                                                        and rec["grad_inf_norm"] <= GTOL))
    return rec


def geomean(xs):
    xs = [x for x in xs if x and x > 0 and math.isfinite(x)]
    return math.exp(sum(math.log(x) for x in xs) / len(xs)) if xs else None


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("-o", default="bench")
    ap.add_argument("--optim", default="bench/optim.json")
    ap.add_argument("--points", default=None, help="mghdump output (default: run go run ./bench/mghdump)")
    ap.add_argument("--time-limit", type=float, default=20.0, help="seconds per run")
    args = ap.parse_args()
    out = {"date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "python": sys.version.split()[0]}
    os.makedirs(args.o, exist_ok=True)
    path = os.path.join(args.o, "scipy.json")
    global scipy
    scipy, why = ensure("scipy", "python3-scipy")
    if scipy is not None:
        import scipy.optimize  # noqa: F401
    if scipy is None:
        out["skipped"] = why
        json.dump(out, open(path, "w"), indent=2)
        print(out["skipped"])
        return 0
    out["scipy"], out["numpy"] = scipy.__version__, np.__version__
    if args.points:
        points = json.load(open(args.points))
    else:
        go = os.environ.get("GO", "go")
        points = json.loads(subprocess.run([go, "run", "./bench/mghdump"], check=True,
                                           capture_output=True, text=True).stdout)
    worst, where = verify(points)
    out["verification"] = {"max_rel_diff_vs_go": worst, "at": where, "points": 2 * len(points)}
    print(f"definitions checked against Go at {2 * len(points)} points: max relative difference {worst:.2e} ({where})")
    if worst > 1e-8:
        out["skipped"] = f"numpy definitions differ from Go: {worst:.3e} at {where}"
        json.dump(out, open(path, "w"), indent=2)
        print(out["skipped"])
        return 1
    optim_rows = {}
    if os.path.exists(args.optim):
        for r in json.load(open(args.optim)):
            optim_rows[(r["problem"], r["method"])] = r
    with open(args.optim) as f:
        order = []
        for r in json.load(f):
            if r["problem"] not in order:
                order.append(r["problem"])
    byname = {p["name"]: p for p in points}
    missing = [p for p in order if p not in byname]
    if missing:
        print("problems of optim.json missing from mghdump:", missing)
    runs, joined = [], []
    t_all = time.perf_counter()
    for name in order:
        if name not in byname:
            continue
        prob = byname[name]
        for method, ours, hk in METHODS:
            rec = run_one(prob, method, hk, args.time_limit)
            runs.append(rec)
            g = optim_rows.get((name, ours))
            j = {"problem": name, "scipy_method": method, "hessnote_method": ours,
                 "scipy_evals": rec["evals"], "scipy_reached": rec["reached"],
                 "scipy_seconds": rec["seconds"],
                 "scipy_solver_seconds": rec["seconds"] - rec["seconds_in_objective"],
                 "scipy_f": rec["f"], "scipy_message": rec["message"]}
            if g:
                ge = g["func_evals"] + g["grad_evals"] + g["hess_evals"] + g["hessvec_evals"] \
                    + g["fd_func_evals"] + g["fd_grad_evals"]
                j.update(hessnote_evals=ge, hessnote_reached=g["reached"],
                         hessnote_seconds=g["seconds"], hessnote_f=g["f"],
                         eval_ratio=ge / rec["evals"] if rec["evals"] else None,
                         time_ratio=g["seconds"] / rec["seconds"] if rec["seconds"] else None)
            joined.append(j)
    out["total_seconds"] = time.perf_counter() - t_all
    summary = []
    for method, ours, _ in METHODS:
        rows = [j for j in joined if j["scipy_method"] == method and "hessnote_evals" in j]
        both = [j for j in rows if j["scipy_reached"] and j["hessnote_reached"]]
        summary.append({
            "scipy_method": method, "hessnote_method": ours, "problems": len(rows),
            "both_reached": len(both),
            "only_hessnote": sum(1 for j in rows if j["hessnote_reached"] and not j["scipy_reached"]),
            "only_scipy": sum(1 for j in rows if j["scipy_reached"] and not j["hessnote_reached"]),
            "eval_ratio_geomean": geomean([j["eval_ratio"] for j in both]),
            "time_ratio_geomean": geomean([j["time_ratio"] for j in both]),
            "time_ratio_vs_solver_only_geomean": geomean(
                [j["hessnote_seconds"] / j["scipy_solver_seconds"] for j in both
                 if j["scipy_solver_seconds"] > 0]),
            "scipy_false_successes": sum(1 for r in runs if r["method"] == method and r["false_success"]),
            "scipy_runs": sum(1 for r in runs if r["method"] == method),
            "hessnote_false_successes": sum(1 for j in rows if optim_rows[(j["problem"], ours)].get("false_success")),
            "hessnote_runs": len(rows),
        })
    out.update(settings={"gtol": GTOL, "maxiter": MAXITER, "time_limit_s": args.time_limit},
               runs=runs, joined=joined, summary=summary)
    with open(path, "w") as f:
        json.dump(out, f, indent=2)
    print("| scipy | hessnote | both reached | only hessnote | only scipy | evals ratio (hessnote/scipy) | time ratio | time ratio vs scipy solver-only |")
    print("|---|---|---|---|---|---|---|---|")
    fmt = lambda v: f"{v:.3f}" if v is not None else "n/a"
    for s in summary:
        print(f"| {s['scipy_method']} | {s['hessnote_method']} | {s['both_reached']} | {s['only_hessnote']} | "
              f"{s['only_scipy']} | {fmt(s['eval_ratio_geomean'])} | {fmt(s['time_ratio_geomean'])} | "
              f"{fmt(s['time_ratio_vs_solver_only_geomean'])} |")
    print(f"scipy runs: {out['total_seconds']:.1f} s")
    fill_false_successes(os.path.join(args.o, "optim.md"), summary, out)
    return 0


MARKER = "<!-- scipy false successes -->"


def fill_false_successes(md_path, summary, out):
    """Writes the false-success table (scipy beside the matching hessnote method of the
    optim.json just read) between the two markers bench/optimbench leaves in optim.md."""
    lines = [
        f"scipy {out.get('scipy')} on the same problems and starts, run on the optim.json of this",
        f"benchmark ({out['date']}). A false success reports success (scipy: `success=True`;",
        f"hessnote: a convergence status) while the true ‖∇f‖∞ at the returned point exceeds",
        f"{GTOL:g}. scipy's trust-region methods test the 2-norm (stricter); Newton-CG tests only",
        "the step (xtol), so each of its successes is judged by the gradient here.",
        "",
        "| scipy method | false successes | runs | hessnote method | false successes | runs |",
        "|---|---|---|---|---|---|",
    ]
    for s in summary:
        lines.append(f"| {s['scipy_method']} | {s['scipy_false_successes']} | {s['scipy_runs']} | "
                     f"{s['hessnote_method']} | {s['hessnote_false_successes']} | {s['hessnote_runs']} |")
    print("\n".join(lines))
    if not os.path.exists(md_path):
        return
    text = open(md_path).read()
    parts = text.split(MARKER)
    if len(parts) != 3:
        print(f"{md_path}: no {MARKER} section; not updated")
        return
    with open(md_path, "w") as f:
        f.write(parts[0] + MARKER + "\n" + "\n".join(lines) + "\n" + MARKER + parts[2])


if __name__ == "__main__":
    sys.exit(main())
