# SPDX-License-Identifier: GPL-2.0-only
#
# A malformed script must be refused before anything runs: exit status exactly 2 and, on
# standard error, exactly the line written in the script's "// expect-error: LINE:COL: ..."
# comment, prefixed with the script's path.
#
#   cmake -DPROG=<tcp-fsm-script> -DSCRIPT=<bad.pkt> -P run-bad-script.cmake

foreach(var PROG SCRIPT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-bad-script.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS ${SCRIPT} expect REGEX "^// expect-error: ")
list(LENGTH expect n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "${SCRIPT}: needs exactly one '// expect-error: LINE:COL: message' line")
endif()
string(REGEX REPLACE "^// expect-error: " "" expect "${expect}")

execute_process(
  COMMAND ${PROG} ${SCRIPT}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
if(NOT "${rc}" STREQUAL "2")
  message(FATAL_ERROR "${SCRIPT}: exit status '${rc}', expected 2\n${out}${err}")
endif()
if(NOT "${err}" STREQUAL "${SCRIPT}:${expect}\n")
  message(FATAL_ERROR "${SCRIPT}: standard error is\n  ${err}expected\n  ${SCRIPT}:${expect}")
endif()
if(NOT "${out}" STREQUAL "")
  message(FATAL_ERROR "${SCRIPT}: something ran (standard output is not empty):\n${out}")
endif()
message(STATUS "${SCRIPT}: exit status 2, ${err}")
