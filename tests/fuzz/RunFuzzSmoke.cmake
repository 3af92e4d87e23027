# Runs the fuzzer for a short while on a fresh copy of the seed corpus.
# The fuzzer is not part of `all` (it takes a while to build with sanitizers);
# without it the test reports itself skipped.
if(NOT EXISTS "${FUZZER}")
  message("SKIPPED: pde_parser_fuzzer not built (build the 'pde_parser_fuzzer' target)")
  return()
endif()
file(REMOVE_RECURSE "${WORK}")
file(COPY "${SEEDS}/" DESTINATION "${WORK}")
execute_process(
  COMMAND "${FUZZER}" "${WORK}" -max_total_time=20 -rss_limit_mb=2048 -timeout=5 -max_len=4096
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "pde_parser_fuzzer failed (exit ${result})")
endif()
