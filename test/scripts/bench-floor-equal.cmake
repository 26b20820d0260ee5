# SPDX-License-Identifier: GPL-2.0-only
#
# The packet floor of tcp-fsm-bench sends exactly the packets of the tcp-fsm run: the same
# count and bytes on each point-to-point device (MacTx), both directions.
#
#   cmake -DPROG=<tcp-fsm-bench> [-DEXTRA=<option>] -P bench-floor-equal.cmake

include(${CMAKE_CURRENT_LIST_DIR}/bench-run.cmake)
set(counters c_tx_packets c_tx_bytes s_tx_packets s_tx_bytes)
foreach(stack fsm floor)
  tcp_fsm_bench_run(${stack} 300 --stack=${stack} ${EXTRA})
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
