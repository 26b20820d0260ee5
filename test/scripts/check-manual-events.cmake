# SPDX-License-Identifier: GPL-2.0-only
#
# Fail when the manual's event vocabulary misses an event of the TcpFsmEvent enum.
#
#   cmake -DHEADER=model/tcp-fsm-event.h -DMANUAL=doc/tcp-fsm.rst -P check-manual-events.cmake

file(READ "${HEADER}" header)
file(READ "${MANUAL}" manual)

string(REGEX MATCH "enum class TcpFsmEvent[^{]*{([^}]*)}" block "${header}")
if(NOT block)
  message(FATAL_ERROR "${HEADER}: enum class TcpFsmEvent not found")
endif()
set(body "${CMAKE_MATCH_1}")
# Drop the comments, then every remaining identifier is an enumerator.
string(REGEX REPLACE "//[^\n]*" "" body "${body}")
string(REGEX MATCHALL "[A-Z][A-Z0-9_]+" events "${body}")
list(LENGTH events count)
if(count EQUAL 0)
  message(FATAL_ERROR "${HEADER}: no enumerators found in TcpFsmEvent")
endif()

set(missing "")
foreach(event ${events})
  string(FIND "${manual}" "``${event}``" at)
  if(at EQUAL -1)
    list(APPEND missing ${event})
  endif()
endforeach()
if(missing)
  string(REPLACE ";" ", " missing "${missing}")
  message(FATAL_ERROR "${MANUAL}: the event vocabulary lacks ${missing} "
                      "(add each as ``NAME`` with its definition from ${HEADER})")
endif()
message(STATUS "${MANUAL} names all ${count} events of ${HEADER}")
