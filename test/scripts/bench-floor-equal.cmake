# SPDX-License-Identifier: GPL-2.0-only
#
# The packet floor of tcp-fsm-bench sends exactly the packets of the tcp-fsm run: the same
# count and bytes on each point-to-point device (MacTx), both directions.
#
#   cmake -DPROG=<tcp-fsm-bench> [-DEXTRA=<option>] -P bench-floor-equal.cmake

set(counters c_tx_packets c_tx_bytes s_tx_packets s_tx_bytes)
foreach(stack fsm floor)
  execute_process(
    COMMAND ${PROG} --once --stack=${stack} --connections=300 --msl=1s ${EXTRA}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "--stack=${stack}: exit status ${rc}\n${err}")
  endif()
  if(NOT out MATCHES "completed=300 failed=0")
    message(FATAL_ERROR "--stack=${stack}: not every connection completed:\n${out}")
  endif()
  foreach(c ${counters})
    if(NOT out MATCHES " ${c}=([0-9]+)")
      message(FATAL_ERROR "--stack=${stack}: no ${c}= in\n${out}")
    endif()
    set(${stack}_${c} ${CMAKE_MATCH_1})
  endforeach()
endforeach()
foreach(c ${counters})
  if(NOT fsm_${c} EQUAL floor_${c})
    message(FATAL_ERROR "${c}: tcp-fsm ${fsm_${c}}, floor ${floor_${c}}")
  endif()
endforeach()
# 300 connections: at least SYN, ACK, data, FIN from the client; SYN+ACK and FIN from the server
if(fsm_c_tx_packets LESS 1200 OR fsm_s_tx_packets LESS 600 OR fsm_c_tx_bytes LESS 300000)
  message(FATAL_ERROR "too few packets: client ${fsm_c_tx_packets} (${fsm_c_tx_bytes} bytes), "
                      "server ${fsm_s_tx_packets}")
endif()
message(STATUS "floor = tcp-fsm: client ${fsm_c_tx_packets} packets ${fsm_c_tx_bytes} bytes, "
               "server ${fsm_s_tx_packets} packets ${fsm_s_tx_bytes} bytes")
