# hessnote: a Jupyter kernel for Go, built for second-order optimization.
#   make run    build, install the kernelspec (and Jupyter if missing), serve notebooks/
#   make test   everything CI runs: Go checks and tests, fuzzing, Jupyter integration, notebooks
#   make bench  benchmarks against peers (writes bench/RESULTS.md)
#   make conformance  Go's own test programs run as notebook cells (writes bench/conformance.md)

GO      ?= go
PY      ?= /usr/bin/python3
BIN     := $(CURDIR)/hessnote
PORT    ?= 8888
FUZZTIME ?= 10s
PKGS    := ./...

# OpenBLAS for large matrix products (internal/openblas): with the build tag openblas when
# cgo can link libopenblas (`make blas` installs libopenblas-dev as root). OPENBLAS=0 builds
# pure Go; OPENBLAS=1 insists on the tag. Expanded in recipes, after `blas` has run.
OPENBLAS ?= auto
GOTAGS = $(if $(filter 0,$(OPENBLAS)),,$(if $(filter 1,$(OPENBLAS))$(shell GO=$(GO) bash install/deps.sh has-blas && echo 1),-tags openblas))

.PHONY: all blas gotest-purego build generate generated install run test check gotest conformance conformance-gate race fuzz integration notebooks nbcheck bench bench-optim bench-nn bench-choose test-browser clean

all: build

# libopenblas-dev when root and missing; never fails (without it the build is pure Go).
blas:
	@bash install/deps.sh blas

build: blas
	$(GO) build $(GOTAGS) -o $(BIN) .

# Regenerates interp/symbols (yaegi extract), the embedded docs and interp/importer's export
# data (type information of the same packages, for go/types); the output is committed.
generate:
	$(GO) generate ./interp/...

install: build
	bash install/deps.sh run
	$(BIN) install --user

run: install
	@echo "hessnote: serving notebooks/ on http://127.0.0.1:$(PORT)/ (the URL with its token follows)"
	cd notebooks && jupyter notebook --no-browser --ip=127.0.0.1 --port=$(PORT) \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

test: check generated gotest gotest-purego conformance-gate race fuzz integration notebooks test-browser

# Formatting, vet, and the import direction main -> kernel -> interp -> display -> optim.
check: blas
	@bad=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^interp/symbols/')); \
		if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi
	$(GO) vet $(GOTAGS) $(PKGS)
	@bash install/importcheck.sh

# The committed symbol tables, docs and export data must be what `go generate` makes from
# the sources with this Go: the export data records the Go version, so a Go upgrade without
# regenerating fails here.
generated:
	$(GO) generate ./interp/...
	@stale=$$(git status --porcelain -- interp/symbols interp/importer); \
		if [ -n "$$stale" ]; then echo "generated files are stale for $$($(GO) env GOVERSION) (run make generate and commit):"; echo "$$stale"; exit 1; fi

gotest: blas
	$(GO) test $(GOTAGS) -count=1 $(PKGS)

# Go's own self-checking test programs ($GOROOT/test, first line `// run`) run by
# go run (the oracle, cached in bench/conformance-oracle.json), whole by yaegi and as hessnote
# cells in three ways: writes bench/conformance.json and bench/conformance.md (4-10 minutes
# with the oracle cached). CONFORMANCE_FLAGS=-update-pass also rewrites bench/conformance-pass.txt.
CONFORMANCE_FLAGS ?=
conformance:
	$(GO) run ./bench/conformance -o bench $(CONFORMANCE_FLAGS)

# Regression gate: the (program, way) pairs of bench/conformance-pass.txt must still pass;
# pairs that newly pass are named as a hint to rerun with -update-pass.
conformance-gate:
	$(GO) run ./bench/conformance -gate

# The pure-Go build of the numerical packages and of `hessnote run` (no cgo, no OpenBLAS).
gotest-purego:
	CGO_ENABLED=0 $(GO) test -count=1 ./optim/... ./internal/... .

race: blas
	$(GO) test $(GOTAGS) -count=1 -race ./kernel/... ./interp/...

fuzz:
	@for t in $$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' kernel interp | sed 's/func //' | sort -u); do \
		pkg=$$(grep -rlE "^func $$t\b" --include='*_test.go' kernel interp | head -1 | xargs dirname); \
		echo "fuzz $$t in ./$$pkg for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) ./$$pkg || exit 1; \
	done

integration: build
	bash install/deps.sh test
	HESSNOTE_BIN=$(BIN) $(PY) -m unittest discover -s tests/kernel -p 'test_*.py' -v

# Also the claim check: every number the prose quotes as `inline code` must be a number the
# notebook's stored outputs print (tests/notebooks/check_claims.py says how).
notebooks: build
	$(PY) -m unittest discover -s tests/notebooks -p 'test_*.py'
	$(PY) tests/notebooks/check_claims.py notebooks/*.ipynb
	bash install/deps.sh test
	HESSNOTE_BLAS=deterministic HESSNOTE_BIN=$(BIN) $(PY) tests/notebooks/run_notebooks.py notebooks/*.ipynb
	$(BIN) run --check notebooks/*.ipynb

# make bench: every benchmark below, then bench/RESULTS.md (tables, ratios, machine, targets).
# A failing part does not stop the others; the report says what is missing and make fails.
BENCH_T0 := $(shell date +%s)
BENCH_PARTS := bench-optim bench-nn bench-interp bench-scipy bench-torch bench-kernel
.PHONY: $(BENCH_PARTS) bench-report

bench: build
	@st=0; for t in $(BENCH_PARTS); do \
		echo "== $$t"; $(MAKE) --no-print-directory $$t || { echo "bench: $$t failed"; st=1; }; \
	done; \
	$(PY) bench/report.py -o bench --start $(BENCH_T0) || st=1; \
	echo "make bench: $$(( $$(date +%s) - $(BENCH_T0) )) s"; exit $$st

bench-optim:
	$(GO) run ./bench/optimbench -o bench

# The capstone's table (notebook 10): nine methods on MLPs of 130 to 96,010 parameters and two
# training set sizes, passes and time to a target loss, losses at equal work, memory of each
# method's state; writes bench/choose.json and bench/choose.md (about 5-8 minutes). Not part
# of make bench or make test.
bench-choose:
	$(GO) run ./bench/choose -o bench

# The autoencoder race adds about a minute; NNBENCH_FLAGS= skips it (nn.json then lacks it).
NNBENCH_FLAGS ?= -autoencoder 1000
bench-nn: blas
	$(GO) run $(GOTAGS) ./bench/nnbench -o bench $(NNBENCH_FLAGS)

# Interpreter cost: objective in a cell called by compiled solvers, loops (bench/interp.json).
bench-interp:
	$(GO) run ./bench/interpbench -o bench

# scipy.optimize on the problems of bench/optim.json, definitions checked against bench/mghdump.
bench-scipy:
	GO=$(GO) $(PY) bench/scipy_bench.py -o bench

# optim/nn products in pure Go (bench/nncompare_purego.json) and with the build's BLAS, Lanczos vs
# power iteration (bench/nncompare.json), then torch on the same data.
bench-torch: blas
	$(GO) run ./bench/nncompare -o bench -blas deterministic -data "" -curvature=false -json nncompare_purego.json
	$(GO) run $(GOTAGS) ./bench/nncompare -o bench
	GO=$(GO) GOTAGS="$(GOTAGS)" $(PY) bench/torch_bench.py -o bench

bench-kernel: build
	bash install/deps.sh test
	HESSNOTE_BIN=$(BIN) $(PY) bench/kernel_bench.py -o bench

bench-report:
	$(PY) bench/report.py -o bench

# Real-browser test: Jupyter Notebook 6 on loopback, every notebook run in headless Debian
# Chromium (playwright-core), images and errors checked, screenshots in tests/browser/out/.
# BROWSER_ARGS="--readme-dir install/screenshots" also refreshes the README screenshots.
BROWSER_ARGS ?=
test-browser: build
	bash tests/browser/deps.sh
	HESSNOTE_BIN=$(BIN) node tests/browser/run_all.mjs $(BROWSER_ARGS)

clean:
	rm -f $(BIN)
