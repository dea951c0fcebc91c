# Two entry points a fresh machine needs: `make demo` and `make test`.
# torch is pinned here (and only here): the CPU wheel of this exact version lies
# on disk on our machines; any other spec makes pip pull a multi-GB CUDA build.
PYTHON ?= python3
VENV ?= .venv
TORCH_SPEC ?= torch==2.13.0
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip

.PHONY: install browser demo test test-slow bench clean

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
	$(VENV)/bin/kgqa export examples/notes --format html -o out/graph.html

# The graph viewer (HTML export, served page) is checked in headless Chromium: Debian's package,
# driven by Playwright (pip, dev extra) through executable_path, so no browser is downloaded.
# fonts-wqy-zenhei gives Chromium Chinese glyphs (without it, labels render as boxes).
# If they cannot be installed here, the browser tests are skipped and pytest prints why (-rs).
browser:
	@{ { command -v chromium || command -v chromium-browser; } >/dev/null 2>&1 && fc-list :lang=zh family 2>/dev/null | grep -q .; } || \
	  { (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-zenhei) >/dev/null 2>&1 || \
	    echo "chromium or a CJK font could not be installed: the headless-browser tests will be skipped"; }

test: install browser
	$(PY) -m pytest -q -rs

test-slow: install browser
	$(PY) -m pytest -q -rs --slow -m slow

bench: install
	$(PY) benchmarks/run_all.py

clean:
	rm -rf $(VENV)
