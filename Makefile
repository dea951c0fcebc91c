# Two entry points a fresh machine needs: `make demo` and `make test`.
# torch is pinned here (and only here): the CPU wheel of this exact version lies
# on disk on our machines; any other spec makes pip pull a multi-GB CUDA build.
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install demo test test-slow bench clean

$(VENV)/.installed: pyproject.toml Makefile
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip
	$(PIP) install --quiet "$(TORCH_SPEC)"
	$(PIP) install --quiet -e ".[dev]"
	touch $@

install: $(VENV)/.installed

demo: install
	$(VENV)/bin/kgqa ingest examples/notes
	$(VENV)/bin/kgqa status examples/notes
	$(VENV)/bin/kgqa ask "LSTM 有哪些门？" examples/notes
	$(VENV)/bin/kgqa ask "what does dropout prevent" examples/notes

test: install
	$(PY) -m pytest -q

test-slow: install
	$(PY) -m pytest -q --slow

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV)
