# SPDX-License-Identifier: GPL-2.0-only
#
# Shared by the tcp-fsm-bench scripts: one --once run of ${PROG} that must complete every one
# of its `connections` connections; sets <prefix>_c_tx_packets, <prefix>_c_tx_bytes,
# <prefix>_s_tx_packets and <prefix>_s_tx_bytes (the two devices' MacTx counters) in the
# caller's scope.
#
#   include(bench-run.cmake)
#   tcp_fsm_bench_run(<prefix> <connections> <option>...)

function(tcp_fsm_bench_run prefix connections)
  execute_process(
    COMMAND ${PROG} --once --connections=${connections} --msl=1s ${ARGN}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${ARGN}: exit status ${rc}\n${err}")
  endif()
  if(NOT out MATCHES "completed=${connections} failed=0")
    message(FATAL_ERROR "${ARGN}: not every connection completed:\n${out}")
  endif()
  foreach(c c_tx_packets c_tx_bytes s_tx_packets s_tx_bytes)
    if(NOT out MATCHES " ${c}=([0-9]+)")
      message(FATAL_ERROR "${ARGN}: no ${c}= in\n${out}")
    endif()
    set(${prefix}_${c} ${CMAKE_MATCH_1} PARENT_SCOPE)
  endforeach()
endfunction()
