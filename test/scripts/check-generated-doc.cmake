# SPDX-License-Identifier: GPL-2.0-only
#
# Fail when a committed, generated document no longer matches the output of the program that
# generates it.
#
#   cmake -DPROG=<exe> -DARG=<argument> -DDOC=<committed file> -DREGEN=<command to show>
#         -P check-generated-doc.cmake

foreach(var PROG ARG DOC REGEN)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "check-generated-doc.cmake: -D${var}=... is required")
  endif()
endforeach()

execute_process(
  COMMAND ${PROG} ${ARG}
  RESULT_VARIABLE rc
  OUTPUT_VARIABLE actual
  ERROR_VARIABLE err
)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${PROG} ${ARG} failed (exit status '${rc}'):\n${err}")
endif()

if(EXISTS "${DOC}")
  file(READ "${DOC}" expected)
else()
  set(expected "")
endif()

if(NOT actual STREQUAL expected)
  get_filename_component(name "${DOC}" NAME)
  set(fresh "${CMAKE_CURRENT_BINARY_DIR}/${name}.generated")
  file(WRITE "${fresh}" "${actual}")
  find_program(DIFF diff)
  if(DIFF AND EXISTS "${DOC}")
    execute_process(COMMAND ${DIFF} -u "${DOC}" "${fresh}")
  endif()
  message(FATAL_ERROR "${DOC} is stale: it differs from `${PROG} ${ARG}` "
                      "(fresh output in ${fresh}).\n"
                      "Regenerate it with:\n  ${REGEN}\n")
endif()
message(STATUS "${DOC} matches `${PROG} ${ARG}`")
