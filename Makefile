# The two commands of the README:  `make demo`  and  `make test`.
# Each installs what it needs (system packages, .venv, the project) and is a
# no-op install the second time.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test bench package sysdeps setup clean

sysdeps:
	@bash packaging/system-deps.sh

$(STAMP): pyproject.toml devkit/pyproject.toml
	@bash packaging/system-deps.sh
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --disable-pip-version-check -e '.[test]' -e ./devkit
	$(BIN)/python -m ui.i18n.build
	@touch $(STAMP)

setup: $(STAMP)

demo: $(STAMP)
	@bash packaging/ensure-pcscd.sh
	$(BIN)/kiosk demo

test: $(STAMP)
	@bash packaging/system-deps.sh
	$(BIN)/python -m pytest $(PYTEST_ARGS)

bench: $(STAMP)
	@bash packaging/ensure-pcscd.sh
	$(BIN)/python -m benchmarks

package: $(STAMP)
	bash packaging/debian/build-deb.sh dist

clean:
	rm -rf $(VENV) build dist *.egg-info
