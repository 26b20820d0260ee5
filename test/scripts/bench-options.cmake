# SPDX-License-Identifier: GPL-2.0-only
#
# tcp-fsm-bench --options=on|off: SACK, timestamps and window scaling turned on or off for a
# stack whatever the profile. On and off exchange the same packets (count per direction);
# on makes them longer (the options), on both TCPs.
#
#   cmake -DPROG=<tcp-fsm-bench> -DSTACK=<fsm|ns3> [-DEXTRA=<option>] -P bench-options.cmake

include(${CMAKE_CURRENT_LIST_DIR}/bench-run.cmake)
foreach(opt on off)
  tcp_fsm_bench_run(${opt} 50 --stack=${STACK} --options=${opt} ${EXTRA})
endforeach()
foreach(c c_tx_packets s_tx_packets)
  if(NOT on_${c} EQUAL off_${c})
    message(FATAL_ERROR "${c}: options on ${on_${c}}, off ${off_${c}} (not the same exchange)")
  endif()
endforeach()
# every segment of both directions carries a timestamp when on: 10 bytes at least each
math(EXPR least_c "${off_c_tx_bytes} + 10 * ${off_c_tx_packets}")
math(EXPR least_s "${off_s_tx_bytes} + 10 * ${off_s_tx_packets}")
if(on_c_tx_bytes LESS least_c OR on_s_tx_bytes LESS least_s)
  message(FATAL_ERROR "options on: client ${on_c_tx_bytes} bytes (off ${off_c_tx_bytes}), "
                      "server ${on_s_tx_bytes} (off ${off_s_tx_bytes}): no options on the wire")
endif()
message(STATUS "${STACK}: options on ${on_c_tx_bytes}/${on_s_tx_bytes} bytes, "
               "off ${off_c_tx_bytes}/${off_s_tx_bytes}, ${on_c_tx_packets}/${on_s_tx_packets} packets")
