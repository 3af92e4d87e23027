# Test helpers. Labels: unit (GoogleTest), lit, e2e (drive the `strata` CLI), mpi (run under
# mpirun -np 2), gpu (skip cleanly, reported as skipped, when no GPU is present), fuzz.

# GoogleTest prints "[  SKIPPED ]" for GTEST_SKIP(); ctest reports such tests as skipped.
set(STRATA_GTEST_SKIP_REGEX "\\[  SKIPPED \\]")

# strata_add_unittest(NAME SOURCES a.cpp ... [LIBS lib ...] [LABELS label ...])
function(strata_add_unittest name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS;LABELS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${STRATA_WARNING_FLAGS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest_main)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests/bin)
  if(NOT ARG_LABELS)
    set(ARG_LABELS unit)
  endif()
  # PRE_TEST: discovery happens when ctest runs, so building never executes test binaries.
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    PROPERTIES LABELS "${ARG_LABELS}" SKIP_REGULAR_EXPRESSION "${STRATA_GTEST_SKIP_REGEX}")
endfunction()

# GPU tests are unit tests labelled gpu; they call GTEST_SKIP() when no device is present.
function(strata_add_gpu_test name)
  strata_add_unittest(${name} ${ARGN} LABELS gpu)
endfunction()

# The flags mpirun needs on these machines: running as root (containers, CI), more ranks than
# cores (2-core CI), and shared-memory transport without the ptrace-based single copy that
# containers forbid.
set(STRATA_MPIEXEC_FLAGS --allow-run-as-root --oversubscribe
    --mca btl self,vader --mca btl_vader_single_copy_mechanism none)

# strata_add_mpi_test(NAME SOURCES ... [LIBS ...] [NP 2]): a GoogleTest binary with an MPI-aware
# main (tests/mpi/MpiTestMain.cpp) run as one ctest test under mpirun.
function(strata_add_mpi_test name)
  cmake_parse_arguments(ARG "" "NP" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_NP)
    set(ARG_NP 2)
  endif()
  add_executable(${name} ${ARG_SOURCES} ${PROJECT_SOURCE_DIR}/tests/mpi/MpiTestMain.cpp)
  target_compile_options(${name} PRIVATE ${STRATA_WARNING_FLAGS})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} MPI::MPI_CXX GTest::gtest)
  set_target_properties(${name} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${PROJECT_BINARY_DIR}/tests/bin)
  add_test(NAME ${name}
    COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${ARG_NP} ${STRATA_MPIEXEC_FLAGS}
            $<TARGET_FILE:${name}>)
  set_tests_properties(${name} PROPERTIES LABELS mpi PROCESSORS ${ARG_NP} TIMEOUT 300
    ENVIRONMENT "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1")
endfunction()

# lit: the one shipped with LLVM 19, or a `lit` on PATH (pip install lit).
find_program(STRATA_LIT NAMES lit.py lit
  HINTS ${STRATA_LLVM_ROOT}/build/utils/lit /usr/lib/llvm-19/build/utils/lit NO_DEFAULT_PATH)
if(NOT STRATA_LIT)
  find_program(STRATA_LIT NAMES lit)
endif()
find_package(Python3 REQUIRED COMPONENTS Interpreter)
find_program(STRATA_FILECHECK FileCheck HINTS ${LLVM_TOOLS_BINARY_DIR} REQUIRED)

# strata_add_lit_suite(NAME DIR LABEL DEPENDS tool ...): one ctest test running a lit directory.
function(strata_add_lit_suite name)
  cmake_parse_arguments(ARG "" "DIR;LABEL" "DEPENDS" ${ARGN})
  if(NOT STRATA_LIT)
    message(WARNING "Strata: lit not found; the ${name} suite is not registered")
    return()
  endif()
  add_test(NAME ${name} COMMAND ${Python3_EXECUTABLE} ${STRATA_LIT} -sv ${ARG_DIR})
  set_tests_properties(${name} PROPERTIES LABELS ${ARG_LABEL} TIMEOUT 600)
endfunction()
