# One target per habit. Every target creates the virtual environment first if needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp

.PHONY: install demo test lint format bench bench-serve eval eval-html eval-pages clean

$(STAMP): pyproject.toml
	$(PYTHON) -c 'import sys; sys.exit("artindex needs Python 3.11+") if sys.version_info < (3, 11) else None'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,server,dask,xlsx]'
	touch $(STAMP)

install: $(STAMP)

## Build index/ from corpus/ and run a sample Korean search.
demo: install
	$(BIN)/artindex build corpus --index index
	$(BIN)/artindex search "창조경제박람회는 어디에서 열렸나?" --index index --limit 3

test: install
	$(BIN)/python -m pytest

lint: install
	$(BIN)/ruff check src tests scripts
	$(BIN)/ruff format --check src tests scripts
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests scripts
	$(BIN)/ruff check --fix src tests scripts

## Speed: artindex vs plain Whoosh and Kiwi alone on a synthetic corpus (docs/benchmarks.md).
bench: install
	$(BIN)/python scripts/bench.py

## Server under load: 1, 2 and 16 clients while an update swaps a generation (docs/benchmarks.md).
bench-serve: install
	$(BIN)/python scripts/bench_serve.py

## Relevance: KorQuAD, Cranfield, CISI against baselines (docs/relevance.md); query correction
## on typo'd KorQuAD questions; paraphrase expansion on paraphrased KorQuAD queries; related articles against Whoosh's more_like; the OpenSearch
## export's Nori analysis against artindex's on KorQuAD (docs/scale-out.md).
eval: install
	$(BIN)/python scripts/eval.py
	$(BIN)/python scripts/eval_suggest.py
	$(BIN)/python scripts/eval_expand.py
	$(BIN)/python scripts/eval_similar.py
	$(BIN)/python scripts/eval_nori.py
	$(BIN)/python scripts/eval_compound.py

## Extraction: HTML benchmark and page-dump fixtures (docs/ingestion.md).
eval-html: install
	$(BIN)/python scripts/eval_html.py

## Whole pages: fixtures, real Korean pages (text dumps and HTML), benchmark pages as w3m dumps.
eval-pages: install
	@command -v w3m >/dev/null || { echo "eval-pages: w3m is missing; install it (apt-get install w3m, as .ci/run does) to render the benchmark pages as text dumps" >&2; exit 1; }
	$(BIN)/python scripts/eval_pagedumps.py

clean:
	rm -rf $(VENV) index/gen-* index/manifest.json index/cache.sqlite* index/WRITELOCK
