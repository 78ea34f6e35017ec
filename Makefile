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

.PHONY: help run serve test lint typecheck pytest install install-dev wordpress-deps hosting-deps \
	browser-deps book-fonts site-fonts book-deps studio studio-deps plugin plugin-deps clean

help:
	@echo "make run    create .venv, install Presswright with the local model, build the web studio,"
	@echo "           initialise, check it and serve the studio and the REST API on"
	@echo "           http://127.0.0.1:8000 (prints the address to open and how to sign in)"
	@echo "make test   install dev tools, then ruff, mypy --strict, the studio's typecheck and lint,"
	@echo "           and the whole test suite"
	@echo "make studio build the web studio (frontend/) into src/presswright/studio/dist when stale"
	@echo "make plugin build the WordPress plugin (wordpress-plugin/) into build/plugin/presswright.zip"

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

install: $(VENV)/.installed book-fonts site-fonts

# PHP and the Debian wordpress package: the tests check block markup with WordPress's own
# parser, and the publishing tests run a real WordPress (`php -S`, a database on the MariaDB
# server at 127.0.0.1:3306). Nothing is installed when PHP, its extensions and WordPress are there.
WP_PARSER := /usr/share/wordpress/wp-includes/class-wp-block-parser.php
WP_THEME := /usr/share/wordpress/wp-content/themes/twentytwentythree/theme.json
PHP_EXTENSIONS := mysqli mbstring curl dom gd

wordpress-deps:
	@if ! command -v php >/dev/null 2>&1 || ! command -v phpcs >/dev/null 2>&1 \
		|| ! command -v phpunit >/dev/null 2>&1 || [ ! -f $(WP_PARSER) ] || [ ! -f $(WP_THEME) ] \
		|| ! php -r 'foreach (array_slice($$argv, 1) as $$e) { if (!extension_loaded($$e)) exit(1); }' \
			$(PHP_EXTENSIONS); then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends php-cli php-mysql php-mbstring php-curl php-xml php-gd \
			php-codesniffer phpunit wordpress wordpress-theme-twentytwentythree; \
	fi

# The local provisioner (`presswright hosting`): nginx and PHP-FPM (one master of each per
# site, started by the provisioner, not as system services), the mysql client, the PHP
# extensions WordPress asks for, and an OpenSSH server for the ssh provisioner's test.
hosting-deps: wordpress-deps
	@if ! command -v nginx >/dev/null 2>&1 || ! ls /usr/sbin/php-fpm* >/dev/null 2>&1 \
		|| ! command -v mysql >/dev/null 2>&1 || [ ! -x /usr/sbin/sshd ] \
		|| ! php -r 'foreach (array_slice($$argv, 1) as $$e) { if (!extension_loaded($$e)) exit(1); }' \
			zip intl; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends nginx php-fpm php-zip php-intl mariadb-client openssh-server; \
	fi

# Debian's chromium for the web studio's browser tests (Playwright drives it through
# executable_path; no browser is ever downloaded).
CHROMIUM := /usr/bin/chromium

browser-deps:
	@if [ ! -x $(CHROMIUM) ]; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends chromium; \
	fi

# Books: Debian's Noto fonts, which typst lays out every PDF and cover with (Latin, Arabic and
# Persian, Chinese, Japanese, Korean; never downloaded at run time), so `make install` needs
# them too. The tests also need poppler-utils (pdfinfo, pdffonts, pdftotext) and a Java
# runtime for EPUBCheck (any Java 11+ already there will do). Installed only when missing;
# without root, `make install` says how to install the fonts instead of failing.
BOOK_FONT_FILES := /usr/share/fonts/truetype/noto/NotoSerif-Regular.ttf \
	/usr/share/fonts/truetype/noto/NotoNaskhArabic-Regular.ttf \
	/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc

book-fonts:
	@for font in $(BOOK_FONT_FILES); do \
		if [ -f $$font ]; then continue; fi; \
		if [ "$$(id -u)" != 0 ]; then \
			echo "Book PDFs and covers need Debian's Noto fonts: run" \
				"'sudo apt-get install fonts-noto-core fonts-noto-cjk' (or 'sudo make book-fonts')" >&2; \
		else \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
				--no-install-recommends fonts-noto-core fonts-noto-cjk; \
		fi; \
		break; \
	done

# The fonts a generated site's block theme ships (WOFF2 subsets made from these files when a
# theme is built; nothing is downloaded at run time): Noto (Latin, Arabic, CJK) and Open Sans.
SITE_FONT_FILES := /usr/share/fonts/truetype/noto/NotoSans-Regular.ttf \
	/usr/share/fonts/truetype/noto/NotoSansArabic-Regular.ttf \
	/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc \
	/usr/share/fonts/truetype/open-sans/OpenSans-Regular.ttf

site-fonts:
	@for font in $(SITE_FONT_FILES); do \
		if [ -f $$font ]; then continue; fi; \
		if [ "$$(id -u)" != 0 ]; then \
			echo "Site themes need Debian's fonts: run 'sudo apt-get install fonts-noto-core" \
				"fonts-noto-cjk fonts-open-sans' (or 'sudo make site-fonts')" >&2; \
		else \
			apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
				--no-install-recommends fonts-noto-core fonts-noto-cjk fonts-open-sans; \
		fi; \
		break; \
	done

book-deps: book-fonts
	@if ! command -v java >/dev/null 2>&1 || ! command -v pdffonts >/dev/null 2>&1; then \
		apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
			--no-install-recommends default-jre-headless poppler-utils; \
	fi

install-dev: $(VENV)/.installed-dev wordpress-deps hosting-deps browser-deps book-deps site-fonts

# The web studio: a Vite app in frontend/, built into the package (src/presswright/studio/dist,
# shipped in the wheel) and served by `presswright serve`. `npm ci` runs when the lock file
# changed since the last install; the build runs when a source, config or the lock file is
# newer than the stamp the last build left. Nothing happens while frontend/ has no package.json.
FRONTEND := frontend
STUDIO_DIST := src/presswright/studio/dist
STUDIO_STAMP := $(STUDIO_DIST)/.build-stamp
STUDIO_INPUTS := src public index.html package.json package-lock.json
STUDIO_CONFIGS := -name '*.config.*' -o -name 'tsconfig*.json' -o -name '.env*'

studio-deps:
	@if [ ! -f $(FRONTEND)/package.json ]; then \
		echo "$(FRONTEND)/package.json is missing: no web studio to install"; \
	elif [ ! -f $(FRONTEND)/package-lock.json ]; then \
		echo "$(FRONTEND)/package-lock.json is missing: run npm install in $(FRONTEND)" >&2; \
		exit 1; \
	elif [ ! -f $(FRONTEND)/node_modules/.package-lock.json ] \
		|| [ $(FRONTEND)/package-lock.json -nt $(FRONTEND)/node_modules/.package-lock.json ]; then \
		cd $(FRONTEND) && npm ci --no-audit --no-fund; \
	fi

studio: studio-deps
	@if [ ! -f $(FRONTEND)/package.json ]; then \
		echo "$(FRONTEND)/package.json is missing: the web studio is not built"; \
	elif [ -f $(STUDIO_STAMP) ] && [ -f $(STUDIO_DIST)/index.html ] && [ -z "$$( \
		cd $(FRONTEND) && { \
			find $(STUDIO_INPUTS) -newer ../$(STUDIO_STAMP) -type f -print -quit 2>/dev/null; \
			find . -maxdepth 1 -type f \( $(STUDIO_CONFIGS) \) -newer ../$(STUDIO_STAMP) -print; \
		})" ]; then \
		echo "web studio build is current ($(STUDIO_DIST))"; \
	else \
		(cd $(FRONTEND) && npm run build) && touch $(STUDIO_STAMP); \
	fi

# The WordPress plugin (wordpress-plugin/): its admin screens are built with @wordpress/scripts
# (`npm ci` when the lock file changed), then the plugin is packed as an installable ZIP,
# build/plugin/presswright.zip, whose top folder is presswright/. Rebuilt when a source is newer.
PLUGIN := wordpress-plugin
PLUGIN_ZIP := build/plugin/presswright.zip
PLUGIN_FILES := presswright.php uninstall.php readme.txt includes languages build

plugin-deps:
	@if [ ! -f $(PLUGIN)/node_modules/.package-lock.json ] \
		|| [ $(PLUGIN)/package-lock.json -nt $(PLUGIN)/node_modules/.package-lock.json ]; then \
		cd $(PLUGIN) && npm ci --no-audit --no-fund; \
	fi

plugin: plugin-deps
	@if [ -f $(PLUGIN_ZIP) ] && [ -z "$$(find $(PLUGIN)/src $(PLUGIN)/includes $(PLUGIN)/languages \
		$(PLUGIN)/presswright.php $(PLUGIN)/uninstall.php $(PLUGIN)/readme.txt \
		$(PLUGIN)/package-lock.json -newer $(PLUGIN_ZIP) -type f -print -quit)" ]; then \
		echo "plugin ZIP is current ($(PLUGIN_ZIP))"; \
	else \
		(cd $(PLUGIN) && npm run build) && \
		rm -rf build/plugin && mkdir -p build/plugin/stage/presswright && \
		(cd $(PLUGIN) && cp -r $(PLUGIN_FILES) ../build/plugin/stage/presswright/) && \
		(cd build/plugin/stage && $(PYTHON) -m zipfile -c ../presswright.zip presswright) && \
		rm -rf build/plugin/stage && echo "built $(PLUGIN_ZIP)"; \
	fi

run: install studio
	$(BIN)/presswright init
	$(BIN)/presswright doctor
	$(BIN)/presswright serve

serve: run

lint: install-dev studio-deps
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	@if [ -f $(FRONTEND)/package.json ]; then cd $(FRONTEND) && npm run lint; fi

typecheck: install-dev studio-deps
	$(BIN)/mypy src
	@if [ -f $(FRONTEND)/package.json ]; then cd $(FRONTEND) && npm run typecheck; fi

# The browser tests drive the built studio under a real `presswright serve`.
pytest: install-dev studio plugin
	$(BIN)/pytest

test: lint typecheck pytest

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
	rm -rf $(FRONTEND)/node_modules $(STUDIO_DIST)
	rm -rf $(PLUGIN)/node_modules $(PLUGIN)/build build/plugin
