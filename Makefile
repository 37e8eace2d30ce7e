# hessnote: a Jupyter kernel for Go, built for second-order optimization.
#   make run    build, install the kernelspec (and Jupyter if missing), serve notebooks/
#   make test   everything CI runs: Go checks and tests, fuzzing, Jupyter integration, notebooks
#   make bench  benchmarks against peers (writes bench/RESULTS.md)

GO      ?= go
PY      ?= /usr/bin/python3
BIN     := $(CURDIR)/hessnote
PORT    ?= 8888
FUZZTIME ?= 10s
PKGS    := ./...

.PHONY: all build generate install run test check gotest race fuzz integration notebooks nbcheck bench bench-optim bench-nn clean

all: build

build:
	$(GO) build -o $(BIN) .

# Regenerates interp/symbols (yaegi extract) and the embedded docs; the output is committed.
generate:
	$(GO) generate ./interp/...

install: build
	bash install/deps.sh run
	$(BIN) install --user

run: install
	@echo "hessnote: serving notebooks/ on http://127.0.0.1:$(PORT)/ (the URL with its token follows)"
	cd notebooks && jupyter notebook --no-browser --ip=127.0.0.1 --port=$(PORT) \
		$$( [ "$$(id -u)" = 0 ] && echo --allow-root )

test: check gotest race fuzz integration notebooks

# Formatting, vet, and the import direction main -> kernel -> interp -> display -> optim.
check:
	@bad=$$(gofmt -l $$(git ls-files '*.go' | grep -v '^interp/symbols/')); \
		if [ -n "$$bad" ]; then echo "gofmt needed:"; echo "$$bad"; exit 1; fi
	$(GO) vet $(PKGS)
	@bash install/importcheck.sh

gotest:
	$(GO) test -count=1 $(PKGS)

race:
	$(GO) test -count=1 -race ./kernel/... ./interp/...

fuzz:
	@for t in $$(grep -rhoE '^func Fuzz[A-Za-z0-9_]+' --include='*_test.go' kernel interp | sed 's/func //' | sort -u); do \
		pkg=$$(grep -rlE "^func $$t\b" --include='*_test.go' kernel interp | head -1 | xargs dirname); \
		echo "fuzz $$t in ./$$pkg for $(FUZZTIME)"; \
		$(GO) test -run='^$$' -fuzz="^$$t$$" -fuzztime=$(FUZZTIME) ./$$pkg || exit 1; \
	done

integration: build
	bash install/deps.sh test
	HESSNOTE_BIN=$(BIN) $(PY) -m unittest discover -s tests/kernel -p 'test_*.py' -v

notebooks: build
	bash install/deps.sh test
	HESSNOTE_BIN=$(BIN) $(PY) tests/notebooks/run_notebooks.py notebooks/*.ipynb
	$(BIN) run --check notebooks/*.ipynb

bench: build bench-optim bench-nn
	bash install/deps.sh test
	HESSNOTE_BIN=$(BIN) $(PY) bench/kernel_bench.py -o bench

bench-optim:
	$(GO) run ./bench/optimbench -o bench

bench-nn:
	$(GO) run ./bench/nnbench -o bench

clean:
	rm -f $(BIN)
