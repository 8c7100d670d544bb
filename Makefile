# Daily commands. PYTHON defaults to the project venv (.venv/bin/python) when there is one:
#   make test | make lint | make bench | make bench-quick
#   make bench PYTHON=/path/to/python BENCH_ARGS="--sizes 10000,100000 --runs 3"

PYTHON ?= $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)
BENCH_ARGS ?=

.PHONY: test lint bench bench-quick

test:
	$(PYTHON) -m pytest

lint:
	$(PYTHON) -m ruff check src tests bench scripts
	$(PYTHON) -m mypy
	$(PYTHON) -m mypy --strict bench/generate.py bench/run.py bench/yaml_parsers.py

# The full benchmark (seeds, 1,000, 10,000 and 100,000 claims, 5 runs): see bench/README.md.
bench:
	$(PYTHON) bench/run.py $(BENCH_ARGS)

# Seeds, 1,000 and 10,000 claims, 3 runs: a few minutes.
bench-quick:
	$(PYTHON) bench/run.py --quick $(BENCH_ARGS)
