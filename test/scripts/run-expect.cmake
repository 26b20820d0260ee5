# SPDX-License-Identifier: GPL-2.0-only
#
# Run a program with one argument (or up to three: ARG, ARG2, ARG3) and check its exit status exactly (ctest's WILL_FAIL would
# accept any failure, a crash included), and optionally what it printed.
#
#   cmake -DPROG=<exe> -DARG=<argument> [-DARG2=<argument> [-DARG3=<argument>]] -DEXPECT_RC=<n>
#         [-DSTDOUT_REGEX=<regex>] [-DSTDERR_REGEX=<regex>] [-DDOT=<dot executable>]
#         -P run-expect.cmake
#
# With DOT, the standard output must also be a graph that `dot -Tsvg` accepts.

foreach(var PROG ARG EXPECT_RC)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-expect.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(
  COMMAND ${PROG} ${ARG} ${ARG2} ${ARG3}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  message(FATAL_ERROR "${PROG} ${ARG}: exit status '${rc}', expected ${EXPECT_RC}\n"
                      "--- stderr ---\n${err}")
endif()
if(DEFINED STDOUT_REGEX AND NOT out MATCHES "${STDOUT_REGEX}")
  message(FATAL_ERROR "${PROG} ${ARG}: standard output does not match '${STDOUT_REGEX}'")
endif()
if(DEFINED STDERR_REGEX AND NOT err MATCHES "${STDERR_REGEX}")
  message(FATAL_ERROR "${PROG} ${ARG}: standard error does not match '${STDERR_REGEX}':\n${err}")
endif()
if(DEFINED DOT)
  execute_process(
    COMMAND ${PROG} ${ARG}
    COMMAND ${DOT} -Tsvg
    RESULTS_VARIABLE rcs
    OUTPUT_QUIET
    ERROR_VARIABLE dot_err
  )
  if(NOT "${rcs}" STREQUAL "0;0")
    message(FATAL_ERROR "${PROG} ${ARG} | ${DOT} -Tsvg: exit statuses ${rcs}\n${dot_err}")
  endif()
endif()
message(STATUS "${PROG} ${ARG}: exit status ${rc} as expected")
