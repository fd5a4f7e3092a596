# lessonkit: `make book` builds the book, `make test` runs the whole test suite.
# Both set themselves up from a fresh clone (.venv, packages, browser for the tests).

VENV      := .venv
BIN       := $(VENV)/bin
INSTALLED := $(VENV)/.installed
INSTALLED_TEST := $(VENV)/.installed-test
BUILD     := _build
# The build reruns only what an edit touches: a quiz file rebuilds its page, a table or the
# bibliography reruns the notebooks that read it (lessonkit notes what each one reads).
# A change to lessonkit itself may change every output: it starts from an empty _build.
FINGERPRINT = $(shell find src/lessonkit -type f -not -path '*/__pycache__/*' -print0 \
                | sort -z | xargs -0 sha256sum | sha256sum | cut -c1-16)

.PHONY: book fresh-build book-teacher book-exam test test-fast notebooks check lint bench binder-lock clean help

help:
	@echo "make book          build the book to $(BUILD)/html (lessons executed)"
	@echo "make book-teacher  build the teacher edition (answer keys shown) to $(BUILD)/teacher"
	@echo "make book-exam     build the exam edition (no answer keys in any form) to $(BUILD)/exam"
	@echo "make test          run the whole test suite (installs what it needs)"
	@echo "make test-fast     the tests that need no browser, kernel or server (under a minute)"
	@echo "make lint          ruff, ruff format --check, mypy --strict and eslint"
	@echo "make notebooks     write the lessons as .ipynb files for students"
	@echo "make check         lessonkit check: datasets, bibliography, quizzes"
	@echo "make bench         run the benchmarks and print the table"
	@echo "make binder-lock   pin Binder's environment (binder/requirements.txt) from pyproject.toml"

# The book needs lessonkit and its dependencies; the tests and benchmarks add their tools.
$(INSTALLED): pyproject.toml
	@bash tools/setup-venv.sh

$(INSTALLED_TEST): pyproject.toml
	@bash tools/setup-venv.sh test

NOTEBOOKS := $(wildcard lessons/*.md guide/*.md welcome.md reference/*.md)

SOURCES := $(NOTEBOOKS) _config.yml _toc.yml $(wildcard lessons/quizzes/*.yaml datasets/*) \
           $(shell find src/lessonkit -type f -not -path '*/__pycache__/*')
# The book's theme overrides (templates, styles, scripts).
THEME := $(shell find _templates _static -type f)

book: $(INSTALLED) fresh-build $(BUILD)/.built
	@echo "The book is at: $(abspath $(BUILD)/html/index.html)"

# Sphinx runs only when a source changed; it then rewrites only the pages that need it.
# lessonkit's extension runs the changed notebooks in parallel before Sphinx reads them.
# A change to the theme overrides rewrites every page (--all; the executed notebooks are
# kept); Sphinx copies a static file only where it has none, so the old copies go first.
$(BUILD)/.built: $(SOURCES) $(THEME)
	@rm -f $(addprefix $(BUILD)/html/_static/,$(notdir $(wildcard _static/*)))
	LESSONKIT_TEACHER= LESSONKIT_MODE= $(BIN)/lessonkit build-book . -W -n --path-output . \
	  $(if $(filter $(THEME),$?),--all) && echo "$(FINGERPRINT)" > $(BUILD)/.inputs
	@touch $@

# Start from an empty _build when lessonkit itself changed.
fresh-build:
	@fp="$(FINGERPRINT)"; if [ "$$(cat $(BUILD)/.inputs 2>/dev/null)" != "$$fp" ]; then rm -rf $(BUILD); fi

book-teacher: $(INSTALLED)
	@rm -rf $(BUILD)/teacher
	LESSONKIT_TEACHER=1 LESSONKIT_MODE= $(BIN)/lessonkit build-book . -W -n --path-output $(BUILD)/teacher
	@echo "The teacher edition is at: $(abspath $(BUILD)/teacher/_build/html/index.html)"

# Quiz pages without keys: answers are saved and handed in, and `lessonkit gradebook` marks them.
book-exam: $(INSTALLED)
	@rm -rf $(BUILD)/exam
	LESSONKIT_TEACHER= LESSONKIT_MODE=exam $(BIN)/lessonkit build-book . -W -n --path-output $(BUILD)/exam
	@echo "The exam edition is at: $(abspath $(BUILD)/exam/_build/html/index.html)"

notebooks: $(INSTALLED)
	$(BIN)/jupytext --to ipynb lessons/*.md
	@echo "Notebooks written beside the lessons in lessons/"

check: $(INSTALLED)
	$(BIN)/lessonkit check .

# Python style and types, and the front end's JavaScript.
lint: $(INSTALLED_TEST)
	@bash tools/setup-node.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	npx --no-install eslint src/lessonkit/render/static

# Everything that needs no browser, kernel or server (node runs the gift-pegjs parser).
test-fast: $(INSTALLED_TEST)
	@bash tools/setup-node.sh
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -m "not browser and not kernel and not book and not server and not fuzz and not slow" -q

test: $(INSTALLED_TEST) lint
	@bash tools/setup-browser.sh
	$(BIN)/lessonkit check .
	$(BIN)/python -m pytest

# The bench starts Chromium and a hub (its proxy is an npm package), like the tests, and
# reports the size of the built book.
bench: $(INSTALLED_TEST) book
	@bash tools/setup-browser.sh
	$(BIN)/python benchmarks/run.py

# Exact versions for Binder, resolved by uv from pyproject.toml (the tests check it is current).
binder-lock: $(INSTALLED_TEST)
	$(BIN)/python tools/binder_lock.py

clean:
	rm -rf $(BUILD) .pytest_cache .hypothesis
