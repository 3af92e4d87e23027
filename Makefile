# The two commands of the README. Each installs missing packages, configures and builds
# incrementally, then runs. BUILD_DIR and JOBS may be overridden: make test JOBS=4.
BUILD_DIR ?= build
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
CMAKE_FLAGS ?=

.PHONY: all deps configure build demo test clean

all: build

deps:
	@scripts/install-deps.sh

# Configure once; later runs let ninja re-run CMake only when a CMakeLists.txt changed.
$(BUILD_DIR)/build.ninja:
	cmake -S . -B $(BUILD_DIR) -G Ninja $(CMAKE_FLAGS)

configure: deps $(BUILD_DIR)/build.ninja

build: configure
	ninja -C $(BUILD_DIR) -j $(JOBS)

demo: build
	@scripts/demo.sh $(BUILD_DIR)

test: build
	ctest --test-dir $(BUILD_DIR) -j $(JOBS) --output-on-failure

clean:
	rm -rf $(BUILD_DIR)
