# The two commands of the README:  `make demo`  and  `make test`.
# Each installs what it needs (system packages, .venv, the project) and is a
# no-op install the second time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
# pytest exits 5 when it collected nothing: a broken selection, never a pass. Say so.
PYTEST = run() { $(BIN)/python -m pytest "$$@"; rc=$$?; \
	[ $$rc -ne 5 ] || echo "pytest collected no tests (exit 5): treated as a failure" >&2; return $$rc; }; run

.PHONY: demo test test-package lint gate bench package prompts sysdeps setup clean

sysdeps:
	@bash packaging/system-deps.sh

$(STAMP): pyproject.toml devkit/pyproject.toml
	@bash packaging/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]' -e ./devkit
	$(BIN)/python -m ui.i18n.build
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP) prompts
	@bash packaging/ensure-pcscd.sh
	$(BIN)/kiosk demo

test: $(STAMP)
	@bash packaging/system-deps.sh
	@$(PYTEST) $(PYTEST_ARGS)

# The quality gate (CI runs it before the tests): lint + import order, types of the
# core, dead code. Each tool reads its settings from pyproject.toml.
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/vulture
gate: lint

# Builds the .deb and installs it into a throwaway Debian root (mmdebstrap, chroot in a
# temp dir), never onto this machine. Needs root; kept out of `make test` (marker `package`).
test-package: $(STAMP)
	@bash packaging/package-test-deps.sh
	@$(PYTEST) -m package tests/packaging $(PYTEST_ARGS)

bench: $(STAMP)
	@bash packaging/ensure-pcscd.sh
	$(BIN)/python -m benchmarks

# The voice guidance's spoken prompts, recorded with espeak-ng into build/prompts (kept when unchanged).
prompts: $(STAMP)
	$(BIN)/python -m ui.voice.build

package: $(STAMP) prompts
	bash packaging/debian/build-deb.sh dist

clean:
	rm -rf $(VENV) build dist *.egg-info
