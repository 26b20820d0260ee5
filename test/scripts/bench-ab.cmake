# SPDX-License-Identifier: GPL-2.0-only
#
# utils/tcp-fsm-bench-ab.sh with the same tcp-fsm-bench on both sides, a short scenario: a
# line per run and build, the two summaries with min <= median <= max, and a ratio line
# whose run-by-run median lies in its range; then its bad arguments (exit status 2).
#
#   cmake -DAB=utils/tcp-fsm-bench-ab.sh -DPROG=build/bin/tcp-fsm-bench -P bench-ab.cmake

execute_process(
  COMMAND ${AB} ${PROG} ${PROG} 3 --stack=fsm --connections=50 --msl=1s
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "exit status ${rc}\n${out}\n${err}")
endif()
foreach(run 1 2 3)
  foreach(side a b)
    if(NOT out MATCHES "run=${run} build=${side} run_s=[0-9.]+\n")
      message(FATAL_ERROR "no line for run ${run}, build ${side}:\n${out}")
    endif()
  endforeach()
endforeach()
foreach(side a b)
  if(NOT out MATCHES
     "summary build=${side} program=[^ ]+ runs=3 run_s_min=([0-9.]+) run_s_median=([0-9.]+) run_s_max=([0-9.]+)"
  )
    message(FATAL_ERROR "no summary for build ${side}:\n${out}")
  endif()
  if(CMAKE_MATCH_1 GREATER CMAKE_MATCH_2 OR CMAKE_MATCH_2 GREATER CMAKE_MATCH_3)
    message(FATAL_ERROR "build ${side}: not min <= median <= max:\n${out}")
  endif()
endforeach()
if(NOT out MATCHES
   "ratio b/a: run_s=[0-9.]+ \\(medians\\) paired_run_s=([0-9.]+) \\[([0-9.]+)\\.\\.([0-9.]+)\\]")
  message(FATAL_ERROR "no ratio line:\n${out}")
endif()
if(CMAKE_MATCH_2 GREATER CMAKE_MATCH_1 OR CMAKE_MATCH_1 GREATER CMAKE_MATCH_3)
  message(FATAL_ERROR "the run-by-run median is outside its range:\n${out}")
endif()

# Bad arguments: a message and exit status 2, before any run.
foreach(bad "${PROG};${PROG};0" "${PROG};${PROG};x3" "${PROG};/nonexistent/bench" "${PROG}")
  execute_process(
    COMMAND ${AB} ${bad}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT rc EQUAL 2 OR err STREQUAL "" OR out MATCHES "run=")
    message(FATAL_ERROR "${bad}: expected exit status 2, a message and no run; got ${rc}:\n"
                        "${out}\n${err}")
  endif()
endforeach()
# A bench option the program refuses: the run's failure is reported, exit status 2.
execute_process(
  COMMAND ${AB} ${PROG} ${PROG} 1 --stack=nothing
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
if(NOT rc EQUAL 2 OR NOT err MATCHES "run 1 of .* failed")
  message(FATAL_ERROR "--stack=nothing: expected exit status 2 and 'run 1 of ... failed'; got "
                      "${rc}:\n${out}\n${err}")
endif()
