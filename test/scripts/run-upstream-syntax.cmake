# SPDX-License-Identifier: GPL-2.0-only
#
# A script of the project in packetdrill's own syntax ends as its first line says:
#   // expect: pass                  exit status 0, "SCRIPT: pass"
#   // expect: skip LINE: needs ...  exit status 77, exactly "SCRIPT:LINE: skip: needs ..."
#   // expect: fail LINE: message    exit status 1, "SCRIPT:LINE: message; states: ..."
# and the last line of the output is the summary "N passed, M failed, K skipped".
#
#   cmake -DPROG=<tcp-fsm-script> -DSCRIPT=<script.pkt> -P run-upstream-syntax.cmake

foreach(var PROG SCRIPT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-upstream-syntax.cmake: -D${var}=... is required")
  endif()
endforeach()

file(STRINGS ${SCRIPT} expect REGEX "^// expect: ")
list(LENGTH expect n)
if(NOT n EQUAL 1)
  message(FATAL_ERROR "${SCRIPT}: needs exactly one '// expect: pass|skip ...|fail ...' line")
endif()
string(REGEX REPLACE "^// expect: " "" expect "${expect}")

execute_process(
  COMMAND ${PROG} ${SCRIPT}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
if(expect STREQUAL "pass")
  set(want_rc 0)
  set(want_line "${SCRIPT}: pass")
  set(summary "1 passed, 0 failed, 0 skipped")
elseif(expect MATCHES "^skip ([0-9]+): (.*)$")
  set(want_rc 77)
  set(want_line "${SCRIPT}:${CMAKE_MATCH_1}: skip: ${CMAKE_MATCH_2}")
  set(summary "0 passed, 0 failed, 1 skipped")
elseif(expect MATCHES "^fail ([0-9]+): (.*)$")
  set(want_rc 1)
  set(want_line "${SCRIPT}:${CMAKE_MATCH_1}: ${CMAKE_MATCH_2}")
  set(summary "0 passed, 1 failed, 0 skipped")
else()
  message(FATAL_ERROR "${SCRIPT}: unknown expectation '${expect}'")
endif()
if(NOT "${rc}" STREQUAL "${want_rc}")
  message(FATAL_ERROR "${SCRIPT}: exit status '${rc}', expected ${want_rc}\n${out}${err}")
endif()
string(FIND "${out}" "${want_line}" at)
if(NOT at EQUAL 0)
  message(FATAL_ERROR "${SCRIPT}: output is\n  ${out}expected it to start with\n  ${want_line}")
endif()
string(FIND "${out}" "\n${summary}\n" at)
if(at EQUAL -1)
  message(FATAL_ERROR "${SCRIPT}: no summary line '${summary}' in\n${out}")
endif()
message(STATUS "${SCRIPT}: ${expect}")
