#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
#
# The installed package, checked outside the tree: install the build into a temporary prefix,
# then build and run test/install/consumer/ against that copy, once with CMake
# (find_package(tcp-fsm)) and once with pkg-config (ns3-tcp-fsm). Run by ctest
# (tcp-fsm-install-package).
# usage: check-install.sh BUILD_DIR SOURCE_DIR
set -eu
BUILD=$1
SRC=$2
TMP=$(mktemp -d /tmp/tcp-fsm-install.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
PREFIX=$TMP/prefix
CONSUMER=$SRC/test/install/consumer

cmake --install "$BUILD" --prefix "$PREFIX" >"$TMP/install.log"
for f in "$PREFIX"/lib*/libns3-tcp-fsm.so "$PREFIX"/include/ns3/tcp-fsm-l4-protocol.h \
    "$PREFIX"/include/ns3/tcp-fsm-helper.h "$PREFIX"/lib*/cmake/tcp-fsm/tcp-fsm-config.cmake \
    "$PREFIX"/lib*/pkgconfig/ns3-tcp-fsm.pc; do
    [ -f "$f" ] || { echo "check-install: not installed: $f" >&2; exit 1; }
done
LIBDIR=$(dirname "$(ls "$PREFIX"/lib*/libns3-tcp-fsm.so)")

check() { # check NAME PROGRAM: it must run on tcp-fsm and receive every byte
    out=$("$2" --bytes=100000)
    echo "$1: $out"
    echo "$out" | grep -q "^tcp: ns3::TcpFsmL4Protocol" || { echo "$1: not on tcp-fsm" >&2; exit 1; }
    echo "$out" | grep -q "^received 100000 bytes" || { echo "$1: transfer incomplete" >&2; exit 1; }
}

# 1. CMake: find_package(tcp-fsm), target tcp-fsm::tcp-fsm.
# -Wl,--as-needed first, as on toolchains where it is the default (Ubuntu): the package's
# --no-as-needed must still keep the module linked.
# TCP_FSM_CONSUMER_FLAGS: extra compile and link flags for the outside program, set by ctest
# when the library itself is built with sanitizers (their runtime must come first).
FLAGS="${TCP_FSM_CONSUMER_FLAGS:-}"
cmake -S "$CONSUMER" -B "$TMP/cmake" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_EXE_LINKER_FLAGS=-Wl,--as-needed $FLAGS" \
    "-DCMAKE_CXX_FLAGS=$FLAGS" \
    -DCMAKE_PREFIX_PATH="$PREFIX" ${CMAKE_CXX_COMPILER_LAUNCHER:+-DCMAKE_CXX_COMPILER_LAUNCHER=$CMAKE_CXX_COMPILER_LAUNCHER} \
    >"$TMP/cmake-configure.log" 2>&1 || { cat "$TMP/cmake-configure.log"; exit 1; }
cmake --build "$TMP/cmake" >"$TMP/cmake-build.log" 2>&1 || { cat "$TMP/cmake-build.log"; exit 1; }
ldd "$TMP/cmake/tcp-fsm-consumer" | grep -q "$LIBDIR/libns3-tcp-fsm.so" \
    || { echo "cmake: not linked to the installed copy" >&2; ldd "$TMP/cmake/tcp-fsm-consumer"; exit 1; }
check cmake "$TMP/cmake/tcp-fsm-consumer"

# 2. pkg-config: ns3-tcp-fsm (its Requires are Debian's ns3-*.pc).
export PKG_CONFIG_PATH="$LIBDIR/pkgconfig${PKG_CONFIG_PATH:+:$PKG_CONFIG_PATH}"
# shellcheck disable=SC2046 # pkg-config's output is a list of words
# gnu++17, ns-3's own dialect (GNU extensions predefine macros such as `linux`).
${CMAKE_CXX_COMPILER_LAUNCHER:-} c++ -std=gnu++17 -O1 $FLAGS -Wl,--as-needed -o "$TMP/pc-consumer" "$CONSUMER/main.cc" \
    $(pkg-config --cflags --libs ns3-tcp-fsm ns3-applications)
LD_LIBRARY_PATH="$LIBDIR" ldd "$TMP/pc-consumer" | grep -q "$LIBDIR/libns3-tcp-fsm.so" \
    || { echo "pkg-config: not linked to the installed copy" >&2; exit 1; }
LD_LIBRARY_PATH="$LIBDIR" check pkg-config "$TMP/pc-consumer"
echo "check-install: the installed package works with CMake and with pkg-config"
