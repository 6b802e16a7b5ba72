# The two commands a newcomer needs: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
DATABASE ?= var/kursbase.db
BIN := $(BUILD)/kursbase
# The tree `make test` builds and tests: ASan + UBSan (-DKURSBASE_SANITIZE=ON), so
# every test, browser suites included, runs against sanitized code.
SANITIZE_BUILD ?= build-sanitize
# Extra CMake arguments, e.g. CMAKE_ARGS=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache.
CMAKE_ARGS ?=
# Extra ctest arguments for the sanitizer run, e.g. SANITIZE_CTEST_ARGS='-E ^postgres\.'
SANITIZE_CTEST_ARGS ?=
# The clang-format that scripts/check-format.sh uses (Debian 12: version 14).
CLANG_FORMAT ?= $(shell command -v clang-format-14 || echo clang-format)

.PHONY: run test test-fast test-sanitize build-sanitize checks deps build clean format mail-sink

run: build
	$(BIN) migrate --database $(DATABASE)
	$(BIN) demo --database $(DATABASE) --if-empty --scale 1
	$(BIN) serve --database $(DATABASE)

# Prints every mail a local server sends (scripts/mail-sink.mjs); in another
# terminal: KURSBASE_SMTP_URL=smtp://127.0.0.1:$(MAIL_SINK_PORT) make run
MAIL_SINK_PORT ?= 1025
mail-sink: deps
	node scripts/mail-sink.mjs --port $(MAIL_SINK_PORT)

# What CI runs (.ci/run): one build, with the address and undefined-behaviour
# sanitizers (-O1 -g1, see CMakeLists.txt), and every test in it: unit,
# integration, Node and browser suites, the format and layering checks. A
# sanitizer report from any process fails the run (scripts/run-sanitized-tests.sh).
# One tree, not a plain one and a sanitized one: two builds would not fit in
# 30 minutes on 2 cores (CONTRIBUTING.md has the figures).
test: test-sanitize

# The same tests in the plain build/ (what `make run` serves), for a quick local run.
test-fast: build
	cd $(BUILD) && ctest -j2 --output-on-failure --timeout 900

test-sanitize: build-sanitize
	scripts/run-sanitized-tests.sh $(SANITIZE_BUILD) $(SANITIZE_CTEST_ARGS)

build-sanitize: deps
	cmake -S . -B $(SANITIZE_BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) -DKURSBASE_SANITIZE=ON \
	  $(CMAKE_ARGS) >/dev/null
	cmake --build $(SANITIZE_BUILD)

# The format and layering checks alone (seconds; no build needed).
checks:
	CLANG_FORMAT=$(CLANG_FORMAT) scripts/check-format.sh
	python3 scripts/check-layering.py

deps:
	scripts/setup-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) $(CMAKE_ARGS) >/dev/null
	cmake --build $(BUILD)

format:
	$(CLANG_FORMAT) -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' \
	  'bench/*.cpp' 'bench/*.hpp')

clean:
	rm -rf $(BUILD) $(SANITIZE_BUILD)
