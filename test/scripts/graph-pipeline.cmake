# SPDX-License-Identifier: GPL-2.0-only
#
# The trace files of tcp-fsm-trace-example through tcp-fsm-graph, end to end:
#
#   cmake -DEXAMPLE=<tcp-fsm-trace-example> -DGRAPH=<tcp-fsm-graph> -DWORK=<scratch dir>
#         [-DDOT=<dot>] [-DXMLLINT=<xmllint>] -P graph-pipeline.cmake
#
# Checks: both programs succeed; graph.dot, graph.graphml, coverage.txt (no anomaly), the
# per-node graphs and ladder.svg are written; with DOT, graph.svg and graph.png too; with
# XMLLINT, both SVGs are well-formed XML; without dot in PATH the tool says so plainly; a
# malformed trace line is reported as FILE:LINE with exit status 1.

foreach(var EXAMPLE GRAPH WORK)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "graph-pipeline.cmake: -D${var}=... is required")
  endif()
endforeach()

function(run expect_rc)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT "${rc}" STREQUAL "${expect_rc}")
    message(FATAL_ERROR "${ARGN}\nexit status '${rc}', expected ${expect_rc}\n"
                        "--- stdout ---\n${out}\n--- stderr ---\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

file(REMOVE_RECURSE ${WORK})
file(MAKE_DIRECTORY ${WORK})

run(0 ${EXAMPLE} --dir=${WORK}/trace --connections=2 --loss=0.05 --bytes=8000)
run(0 ${GRAPH} --coverage --per-node --ladder=0:1 --segments=${WORK}/trace/segments.csv
    -o ${WORK}/out ${WORK}/trace/transitions.csv)
set(expected graph.dot graph.graphml coverage.txt ladder.svg node-0/graph.dot
             node-1/graph.graphml node-1/coverage.txt)
if(DEFINED DOT)
  list(APPEND expected graph.svg graph.png node-0/graph.svg)
endif()
foreach(f ${expected})
  if(NOT EXISTS ${WORK}/out/${f})
    message(FATAL_ERROR "tcp-fsm-graph did not write ${f}\n${out}")
  endif()
endforeach()
file(READ ${WORK}/out/coverage.txt coverage)
if(NOT coverage MATCHES "anomalies \\(taken, not in the table\\): 0\n")
  message(FATAL_ERROR "anomalies in a normal run:\n${coverage}")
endif()
file(GLOB leftovers ${WORK}/out/*.tmp*)
if(leftovers)
  message(FATAL_ERROR "temporary files left behind: ${leftovers}")
endif()
if(DEFINED XMLLINT)
  set(svgs ${WORK}/out/ladder.svg)
  if(DEFINED DOT)
    list(APPEND svgs ${WORK}/out/graph.svg)
  endif()
  run(0 ${XMLLINT} --noout ${svgs})
endif()

# Without Graphviz: the DOT and GraphML files, and a plain word about the rest.
run(0 ${CMAKE_COMMAND} -E env PATH=${WORK}/no-such-dir ${GRAPH} -o ${WORK}/nodot
    ${WORK}/trace/transitions.csv)
if(NOT out MATCHES "Graphviz 'dot' is not installed")
  message(FATAL_ERROR "no word about the missing dot:\n${out}")
endif()
if(EXISTS ${WORK}/nodot/graph.svg OR NOT EXISTS ${WORK}/nodot/graph.dot)
  message(FATAL_ERROR "without dot: graph.dot only expected")
endif()

# A malformed line: FILE:LINE, exit status 1.
file(WRITE ${WORK}/bad.csv "time,node,socket,local,peer,from,to,cause,flags,seq,ack\n1.0,0,1\n")
run(1 ${GRAPH} -o ${WORK}/bad ${WORK}/bad.csv)
if(NOT err MATCHES "bad.csv:2: 3 fields, expected 11")
  message(FATAL_ERROR "no FILE:LINE in:\n${err}")
endif()
message(STATUS "tcp-fsm-trace-example | tcp-fsm-graph: all outputs as expected")
