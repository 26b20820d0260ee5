# The module's files, shared by CMakeLists.txt (standalone and in-tree) and mirrored in wscript.
set(TCP_FSM_MODEL_SOURCES
    model/tcp-fsm-event.cc
    model/tcp-fsm-transition-table.cc
)
set(TCP_FSM_MODEL_HEADERS
    model/tcp-fsm-event.h
    model/tcp-fsm-transition-table.h
)
set(TCP_FSM_HELPER_SOURCES
)
set(TCP_FSM_HELPER_HEADERS
)
# Programs in examples/<name>.cc
set(TCP_FSM_PROGRAMS
)
