# SPDX-License-Identifier: GPL-2.0-only
#
# Run one packetdrill-style script with tcp-fsm-script and check its exit status exactly:
# 0 (the script passes) or, for a script listed as a known failure, 1 (it fails on a line,
# which the output names). ctest's WILL_FAIL would also accept a crash; this does not.
#
#   cmake -DPROG=<tcp-fsm-script> -DSCRIPT=<file.pkt> -DEXPECT_RC=0|1 [-DSTACK=fsm|ns3]
#         -P run-script.cmake

foreach(var PROG SCRIPT EXPECT_RC)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "run-script.cmake: -D${var}=... is required")
  endif()
endforeach()
if(NOT DEFINED STACK)
  set(STACK fsm)
endif()

execute_process(
  COMMAND ${PROG} --stack=${STACK} ${SCRIPT}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE out
  ERROR_VARIABLE err
)
if(NOT "${rc}" STREQUAL "${EXPECT_RC}")
  if("${EXPECT_RC}" STREQUAL "1")
    message(FATAL_ERROR "${SCRIPT}: exit status '${rc}', expected 1: this script is listed as a "
                        "known failure (TCP_FSM_SCRIPT_KNOWN_FAILURES in test/CMakeLists.txt); "
                        "if the model was fixed, remove it from that list.\n${out}${err}")
  endif()
  message(FATAL_ERROR "${SCRIPT}: exit status '${rc}', expected ${EXPECT_RC}\n${out}${err}")
endif()
string(REPLACE "+" "\\+" escaped "${SCRIPT}")
string(REPLACE "." "\\." escaped "${escaped}")
if("${EXPECT_RC}" STREQUAL "0" AND NOT out MATCHES "(^|\n)${escaped}: pass\n")
  message(FATAL_ERROR "${SCRIPT}: no '${SCRIPT}: pass' line in the output:\n${out}")
endif()
if("${EXPECT_RC}" STREQUAL "1" AND NOT out MATCHES "(^|\n)${escaped}:[0-9]+: ")
  message(FATAL_ERROR "${SCRIPT}: the failure does not name ${SCRIPT}:LINE:\n${out}")
endif()
message(STATUS "${out}")
