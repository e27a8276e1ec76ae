# Two commands do all the set-up on a fresh machine: `make demo` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN = $(VENV)/bin
STAMP = $(VENV)/.installed
DEMO = out/demo

.PHONY: demo test bench fuzz system-deps notebook clean

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -c requirements.lock -e '.[test]'
	touch $(STAMP)

# antiword reads old .doc files; chromium is the browser the web page's tests drive (through
# Playwright, with Debian's build rather than a downloaded one); fonts-noto-cjk draws Chinese in the
# browser and in the notebook's plots (without a CJK font every character is a box). Installed from
# Debian when missing.
system-deps:
	@missing=""; command -v antiword >/dev/null 2>&1 || missing="$$missing antiword"; \
	  command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	  fc-list :lang=zh 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	  [ -z "$$missing" ] || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get install -y -q $$missing >/dev/null 2>&1 || \
	  { $$SUDO apt-get update -q >/dev/null 2>&1 && $$SUDO apt-get install -y -q $$missing >/dev/null; }; }

# Jupyter Notebook (the notebook extra) and the Chinese font, then the notebook in the browser.
NOTEBOOK_STAMP = $(VENV)/.notebook
$(NOTEBOOK_STAMP): $(STAMP) pyproject.toml requirements.lock
	$(BIN)/pip install -q -c requirements.lock -e '.[notebook]'
	touch $(NOTEBOOK_STAMP)

notebook: $(NOTEBOOK_STAMP) system-deps
	$(BIN)/jupyter notebook notebooks/explore_catalog.ipynb

demo: $(STAMP)
	rm -rf $(DEMO) && mkdir -p $(DEMO)
	$(BIN)/bulletin ingest corpora/samples --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin ingest corpora/samples --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin export articles --format csv -o $(DEMO)/articles.csv --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin export bulletins --format xlsx -o $(DEMO)/bulletins.xlsx --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin export practices --format xlsx -o $(DEMO)/practices.xlsx --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin export slogans --format csv -o $(DEMO)/slogans.csv --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin export metrics --format csv -o $(DEMO)/metrics.csv --catalog $(DEMO)/catalog.db
	$(BIN)/python -c "import pipeline, pandas as pd; pd.set_option('display.width', 200); \
	  cat = pipeline.Catalog('$(DEMO)/catalog.db'); \
	  print(cat.articles()[['source', 'title', 'section', 'place', 'city', 'province']].to_string(index=False)); \
	  s = cat.slogans(); print(s[s.components.notna()][['text', 'count', 'components']].head(8).to_string(index=False)); \
	  print(cat.metrics()[['text', 'value', 'unit', 'qualifier', 'about', 'place']].head(8).to_string(index=False))"
	$(BIN)/bulletin search "书记项目 督查" --exclude-city 衢州 --limit 5 --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin themes --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin cluster --show --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin digest --home 安庆 --query "书记项目" -o $(DEMO)/市外参考.docx --catalog $(DEMO)/catalog.db
	$(BIN)/bulletin digest --home 安庆 --query "书记项目" -o $(DEMO)/市外参考.md --catalog $(DEMO)/catalog.db
	@echo "The web page: $(BIN)/bulletin serve --catalog $(DEMO)/catalog.db   (then open http://127.0.0.1:8000/)"

test: $(STAMP) system-deps
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/search.py --workdir out/bench
	$(BIN)/python benchmarks/search_quality.py --per-query --output benchmarks/results.md
	$(BIN)/python benchmarks/cli_speed.py --big out/bench/big-1000000.db --output benchmarks/results.md
	$(BIN)/python benchmarks/robustness.py

# Many more mutated inputs than the suite's 200 (tests/test_fuzz.py).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q tests/test_fuzz.py

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis
