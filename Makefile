# The two commands a newcomer needs: `make run` and `make test`.
BUILD ?= build
BUILD_TYPE ?= RelWithDebInfo
DATABASE ?= var/kursbase.db
BIN := $(BUILD)/kursbase

.PHONY: run test deps build clean format

run: build
	$(BIN) migrate --database $(DATABASE)
	$(BIN) demo --database $(DATABASE) --if-empty --scale 1
	$(BIN) serve --database $(DATABASE)

test: build
	cd $(BUILD) && ctest -j2 --output-on-failure --timeout 900

deps:
	scripts/setup-deps.sh

build: deps
	cmake -S . -B $(BUILD) -G Ninja -DCMAKE_BUILD_TYPE=$(BUILD_TYPE) >/dev/null
	cmake --build $(BUILD)

format:
	clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'bench/*.cpp')

clean:
	rm -rf $(BUILD)
