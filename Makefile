# lessonkit: `make book` builds the book, `make test` runs the whole test suite.
# Both set themselves up from a fresh clone (.venv, packages, browser for the tests).

VENV      := .venv
BIN       := $(VENV)/bin
INSTALLED := $(VENV)/.installed
INSTALLED_TEST := $(VENV)/.installed-test
BUILD     := _build
# The execution cache keys only on code cells, so a change to lessonkit, the datasets
# or the quizzes must force a clean build: we keep a fingerprint of those inputs.
FINGERPRINT = $(shell find src/lessonkit datasets lessons/quizzes _config.yml -type f \
                -not -path '*/__pycache__/*' -print0 | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)

.PHONY: book fresh-build book-teacher test test-fast notebooks check lint bench clean help

help:
	@echo "make book          build the book to $(BUILD)/html (lessons executed)"
	@echo "make book-teacher  build the teacher edition (answer keys shown) to $(BUILD)/teacher"
	@echo "make test          run the whole test suite (installs what it needs)"
	@echo "make notebooks     write the lessons as .ipynb files for students"
	@echo "make check         lessonkit check: datasets, bibliography, quizzes"
	@echo "make bench         run the benchmarks and print the table"

# The book needs lessonkit and its dependencies; the tests and benchmarks add their tools.
$(INSTALLED): pyproject.toml
	@bash tools/setup-venv.sh

$(INSTALLED_TEST): pyproject.toml
	@bash tools/setup-venv.sh test

NOTEBOOKS := $(wildcard lessons/*.md guide/*.md welcome.md reference/*.md)

SOURCES := $(NOTEBOOKS) _config.yml _toc.yml $(wildcard lessons/quizzes/*.yaml datasets/*) \
           $(shell find src/lessonkit -type f -not -path '*/__pycache__/*')

book: $(INSTALLED) fresh-build $(BUILD)/.built
	@echo "The book is at: $(abspath $(BUILD)/html/index.html)"

# Sphinx runs only when a source changed; it then rewrites only the pages that need it.
$(BUILD)/.built: $(BUILD)/.executed $(SOURCES)
	LESSONKIT_TEACHER= $(BIN)/jupyter-book build . -W -n --path-output . && echo "$(FINGERPRINT)" > $(BUILD)/.inputs
	@touch $@

# Start from an empty _build when lessonkit, the datasets or the quizzes changed.
fresh-build:
	@fp="$(FINGERPRINT)"; if [ "$$(cat $(BUILD)/.inputs 2>/dev/null)" != "$$fp" ]; then rm -rf $(BUILD); fi

# Run the notebooks that changed in parallel, into the execution cache the build reads.
# When a single page changed (the usual edit), the build runs it itself: starting a
# second process costs more than the parallel run saves.
$(BUILD)/.executed: $(NOTEBOOKS)
	@mkdir -p $(BUILD)
	@if [ $(words $?) -gt 1 ]; then \
	  echo "LESSONKIT_TEACHER= $(BIN)/lessonkit execute-book ."; \
	  LESSONKIT_TEACHER= $(BIN)/lessonkit execute-book .; \
	fi
	@touch $@

book-teacher: $(INSTALLED)
	@rm -rf $(BUILD)/teacher
	LESSONKIT_TEACHER=1 $(BIN)/lessonkit execute-book . --output $(BUILD)/teacher
	LESSONKIT_TEACHER=1 $(BIN)/jupyter-book build . -W -n --path-output $(BUILD)/teacher
	@echo "The teacher edition is at: $(abspath $(BUILD)/teacher/_build/html/index.html)"

notebooks: $(INSTALLED)
	$(BIN)/jupytext --to ipynb lessons/*.md
	@echo "Notebooks written beside the lessons in lessons/"

check: $(INSTALLED)
	$(BIN)/lessonkit check .

lint: $(INSTALLED_TEST)
	$(BIN)/ruff check src tests benchmarks

test: $(INSTALLED_TEST)
	@bash tools/setup-browser.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/lessonkit check .
	$(BIN)/python -m pytest

bench: $(INSTALLED_TEST)
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(BUILD) .pytest_cache .hypothesis
