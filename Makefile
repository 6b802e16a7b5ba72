# The two commands a newcomer needs: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
DATABASE ?= var/kursbase.db
BIN := $(BUILD)/kursbase
# The sanitizer build (-fsanitize=address,undefined) that `make test` also runs.
SANITIZE_BUILD ?= build-sanitize
# Extra CMake arguments, e.g. CMAKE_ARGS=-DCMAKE_CXX_COMPILER_LAUNCHER=ccache.
CMAKE_ARGS ?=
# Extra ctest arguments for the sanitizer run, e.g. SANITIZE_CTEST_ARGS='-E ^postgres\.'
SANITIZE_CTEST_ARGS ?=
# The clang-format that scripts/check-format.sh uses (Debian 12: version 14).
CLANG_FORMAT ?= $(shell command -v clang-format-14 || echo clang-format)

.PHONY: run test test-fast test-sanitize build-sanitize checks deps build clean format

run: build
	$(BIN) migrate --database $(DATABASE)
	$(BIN) demo --database $(DATABASE) --if-empty --scale 1
	$(BIN) serve --database $(DATABASE)

# What CI runs (.ci/run): every test in build/, the format and layering checks
# included. The sanitizer run (`make test-sanitize`) is not part of it yet: its
# build alone took ~25 minutes on the 2-core machine (ASan+UBSan at -O2 -g), which
# would take `make test` past 30 minutes; it comes in once it is made cheaper and
# its run is measured (see CONTRIBUTING.md).
test: test-fast

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
