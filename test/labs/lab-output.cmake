# SPDX-License-Identifier: GPL-2.0-only
#
# tcp-fsm-lab's output contract: with no argument it writes lab-out/ in the working directory
# (every file, summary.json with every metric key), a bad option leaves an existing output
# directory alone, a good run replaces it whole, an output that cannot be written is exit
# status 1, and a run with ns-3's TCP on one side says what its traces cover.
#
#   cmake -DLAB=<tcp-fsm-lab> -DWORK=<scratch directory> [-DDOT=<dot>] -P lab-output.cmake

cmake_minimum_required(VERSION 3.19) # string(JSON), list(POP_FRONT)

foreach(var LAB WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "lab-output.cmake: -D${var}=... is required")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

function(run_lab expect_rc)
  execute_process(
    COMMAND ${LAB} ${ARGN}
    WORKING_DIRECTORY ${WORK}
    RESULT_VARIABLE rc
    OUTPUT_VARIABLE out
    ERROR_VARIABLE err
  )
  if(NOT "${rc}" STREQUAL "${expect_rc}")
    message(FATAL_ERROR "tcp-fsm-lab ${ARGN}: exit status '${rc}', expected ${expect_rc}\n"
                        "${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

# 1. The default run (what ./setup.sh runs).
run_lab(0)
if(NOT out MATCHES "outputs in lab-out/: ")
  message(FATAL_ERROR "the default run does not say where its outputs are:\n${out}")
endif()
foreach(label "connections  " "setup time  " "teardown time  " "time in TIME_WAIT" "retransmissions"
              "peak sockets" "anomalies  " "duration  ")
  if(NOT out MATCHES "\n  ${label}")
    message(FATAL_ERROR "the summary has no '${label}' line:\n${out}")
  endif()
endforeach()
set(files transitions.csv state-counts.csv segments.csv graph.dot graph.graphml ladder.svg
          summary.json)
if(DEFINED DOT)
  list(APPEND files graph.svg graph.png)
endif()
foreach(f ${files})
  if(NOT EXISTS ${WORK}/lab-out/${f})
    message(FATAL_ERROR "the default run did not write lab-out/${f}")
  endif()
endforeach()
file(GLOB leftovers ${WORK}/lab-out.*)
if(leftovers)
  message(FATAL_ERROR "temporary directories left behind: ${leftovers}")
endif()
file(READ ${WORK}/lab-out/summary.json json)
set(keys
    connections_attempted connections_established connections_completed connections_failed
    failed_refused failed_reset failed_timed_out failed_aborted bytes_sent bytes_received
    setup_time_min_s setup_time_median_s setup_time_p95_s setup_time_max_s teardown_time_min_s
    teardown_time_median_s teardown_time_p95_s teardown_time_max_s ttfb_min_s ttfb_median_s
    ttfb_p95_s ttfb_max_s time_wait_mean_s retx_syn
    retx_synack retx_fin retx_data peak_CLOSED peak_LISTEN peak_SYN_RCVD peak_SYN_SENT
    peak_ESTABLISHED peak_FIN_WAIT_1 peak_FIN_WAIT_2 peak_CLOSING peak_TIME_WAIT
    peak_CLOSE_WAIT peak_LAST_ACK anomalies sim_s wall_s seed run)
foreach(key ${keys})
  string(JSON type ERROR_VARIABLE e TYPE "${json}" ${key})
  if(e OR NOT type STREQUAL "NUMBER")
    message(FATAL_ERROR "summary.json: ${key} is not a number (${type} ${e})")
  endif()
endforeach()
string(JSON n LENGTH "${json}")
list(LENGTH keys want)
math(EXPR want "${want} + 1") # and "parameters"
if(NOT n EQUAL want)
  message(FATAL_ERROR "summary.json has ${n} members, expected ${want}:\n${json}")
endif()
foreach(pair "out=lab-out" "connections=5" "close=client" "ns3::TcpFsmSocket::Msl=30s" "seed=1")
  string(REPLACE "=" ";" pair "${pair}")
  list(GET pair 0 name)
  list(GET pair 1 value)
  string(JSON got ERROR_VARIABLE e GET "${json}" parameters ${name})
  if(NOT got STREQUAL value)
    message(FATAL_ERROR "summary.json: parameters.${name} is '${got}', expected '${value}'")
  endif()
endforeach()
string(JSON completed GET "${json}" connections_completed)
string(JSON anomalies GET "${json}" anomalies)
string(JSON tw GET "${json}" peak_TIME_WAIT)
if(NOT completed EQUAL 5 OR NOT anomalies EQUAL 0 OR tw LESS 1)
  message(FATAL_ERROR "the default run: ${completed} of 5 completed, ${anomalies} anomalies, "
                      "TIME_WAIT peak ${tw}")
endif()

# 2. An existing directory is replaced only by a run that succeeds.
file(MAKE_DIRECTORY ${WORK}/keep)
file(WRITE ${WORK}/keep/marker "old")
run_lab(2 --connections=1 --bogus=1 --out=keep)
if(NOT EXISTS ${WORK}/keep/marker)
  message(FATAL_ERROR "a bad option touched the existing output directory")
endif()
run_lab(0 --connections=1 --bytes=100 --loss=0 --out=keep)
if(EXISTS ${WORK}/keep/marker OR NOT EXISTS ${WORK}/keep/summary.json)
  message(FATAL_ERROR "a good run did not replace the output directory whole")
endif()
file(GLOB leftovers ${WORK}/keep.*)
if(leftovers)
  message(FATAL_ERROR "temporary directories left behind: ${leftovers}")
endif()

# 3. Relative paths under the working directory; an output that cannot be written: status 1.
run_lab(0 --connections=1 --loss=0 --out=sub/dir)
if(NOT EXISTS ${WORK}/sub/dir/transitions.csv)
  message(FATAL_ERROR "--out=sub/dir: nothing written under the working directory")
endif()
file(WRITE ${WORK}/afile "a file")
run_lab(1 --connections=1 --out=afile)
if(NOT err MATCHES "afile exists and is not a directory")
  message(FATAL_ERROR "--out=afile: the message does not name the problem:\n${err}")
endif()

# 4. ns-3's TCP on the client: the run finishes and says what is traced.
run_lab(0 --connections=1 --loss=0 --client-stack=ns3 --out=ns3)
if(NOT out MATCHES "the client runs ns-3's own TCP, which is not traced")
  message(FATAL_ERROR "--client-stack=ns3: no note on what the traces cover:\n${out}")
endif()
file(READ ${WORK}/ns3/summary.json json)
string(JSON completed GET "${json}" connections_completed)
string(JSON teardown TYPE "${json}" teardown_time_median_s)
if(NOT completed EQUAL 1 OR NOT teardown STREQUAL "NULL")
  message(FATAL_ERROR "--client-stack=ns3: completed ${completed}, teardown ${teardown}")
endif()
message(STATUS "tcp-fsm-lab output contract: ok")
