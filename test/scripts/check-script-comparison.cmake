# SPDX-License-Identifier: GPL-2.0-only
#
# The README's table of where ns-3's TCP differs is the output of
#   build/bin/tcp-fsm-script --compare test/scripts/*.pkt
# run from the repository root, pasted between the markers
#   <!-- tcp-fsm-script --compare: begin -->  and  <!-- tcp-fsm-script --compare: end -->
# Fail, showing both, when it is stale.
#
#   cmake -DPROG=<tcp-fsm-script> -DROOT=<repository root> -P check-script-comparison.cmake

foreach(var PROG ROOT)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check-script-comparison.cmake: -D${var}=... is required")
  endif()
endforeach()

file(GLOB scripts RELATIVE ${ROOT} ${ROOT}/test/scripts/*.pkt)
execute_process(
  COMMAND ${PROG} --compare ${scripts}
  WORKING_DIRECTORY ${ROOT}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE table
  ERROR_VARIABLE err
)
if(NOT "${rc}" STREQUAL "0")
  message(FATAL_ERROR "tcp-fsm-script --compare: exit status '${rc}'\n${err}")
endif()
file(READ ${ROOT}/README.md readme)
set(begin "<!-- tcp-fsm-script --compare: begin -->\n")
set(end "<!-- tcp-fsm-script --compare: end -->")
string(FIND "${readme}" "${begin}" b)
string(FIND "${readme}" "${end}" e)
if(b EQUAL -1 OR e EQUAL -1)
  message(FATAL_ERROR "README.md: the markers of the --compare table are missing")
endif()
string(LENGTH "${begin}" blen)
math(EXPR start "${b} + ${blen}")
math(EXPR len "${e} - ${start}")
string(SUBSTRING "${readme}" ${start} ${len} current)
if(NOT "${current}" STREQUAL "${table}")
  file(WRITE ${CMAKE_CURRENT_BINARY_DIR}/tcp-fsm-script-compare.md "${table}")
  message(FATAL_ERROR "README.md: the --compare table is stale. Regenerate it from the "
                      "repository root with\n  build/bin/tcp-fsm-script --compare "
                      "test/scripts/*.pkt\nand paste the output between the markers. "
                      "Current output:\n${table}")
endif()
message(STATUS "README.md: the --compare table is current")
