# Runs the fuzzer for a short while on a fresh copy of the seed corpus.
if(NOT EXISTS "${FUZZER}")
  message(FATAL_ERROR "${FUZZER} not built; build the 'pde_parser_fuzzer' target first")
endif()
file(REMOVE_RECURSE "${WORK}")
file(COPY "${SEEDS}/" DESTINATION "${WORK}")
execute_process(
  COMMAND "${FUZZER}" "${WORK}" -max_total_time=20 -rss_limit_mb=2048 -timeout=5 -max_len=4096
  RESULT_VARIABLE result)
if(NOT result EQUAL 0)
  message(FATAL_ERROR "pde_parser_fuzzer failed (exit ${result})")
endif()
