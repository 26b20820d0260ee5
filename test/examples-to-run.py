#! /usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
#
# Read by ns-3's test.py when tcp-fsm is built inside an ns-3 source tree (contrib/tcp-fsm,
# ./ns3 configure --enable-examples --enable-tests): each example runs once with short
# arguments and must exit with 0. (name and arguments, run it?, run it under valgrind?)
cpp_examples = [
    ("tcp-fsm-first", "True", "False"),
    ("tcp-fsm-table --format=md", "True", "False"),
    ("tcp-fsm-fastopen --delay=20ms", "True", "False"),
    ("tcp-fsm-trace-example", "True", "False"),
    ("tcp-fsm-bench --connections=100 --msl=1s", "True", "False"),
]

# No Python examples.
python_examples = []
