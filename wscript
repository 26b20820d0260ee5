# -*- Mode: python; py-indent-offset: 4; indent-tabs-mode: nil; coding: utf-8; -*-
# SPDX-License-Identifier: GPL-2.0-only
#
# waf build of tcp-fsm for ns-3 <= 3.35 (C++17: ns-3.33 or later), as contrib/tcp-fsm.
# ns-3 >= 3.36 uses CMakeLists.txt instead.
#
# The file lists are not repeated here: they are read from cmake/tcp-fsm-sources.cmake, the
# file CMakeLists.txt includes, whenever waf configures or builds. The GoogleTest suites are
# built by the standalone CMake build only.

import os
import re

MODULE = 'tcp-fsm'
DEPENDENCIES = ['internet', 'network', 'core', 'point-to-point', 'csma', 'applications',
                'traffic-control']
# Libraries the example programs link besides the module (and what it depends on).
EXAMPLE_DEPENDENCIES = [MODULE, 'internet', 'point-to-point', 'csma', 'applications']

SOURCES_FILE = os.path.join('cmake', 'tcp-fsm-sources.cmake')
LIST_NAMES = ('TCP_FSM_MODEL_SOURCES', 'TCP_FSM_MODEL_HEADERS', 'TCP_FSM_HELPER_SOURCES',
              'TCP_FSM_HELPER_HEADERS', 'TCP_FSM_PROGRAMS')

_SET_RE = re.compile(r'\bset\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)([^)]*)\)', re.IGNORECASE)


def read_cmake_lists(path, names=LIST_NAMES):
    """Return {name: [entries]} for the set(NAME entry ...) blocks of a CMake file.

    Only plain lists are understood: one path or name per entry, '#' comments allowed. An
    entry that uses a variable, a quote or a generator expression raises ValueError rather
    than being misread, and so does a missing or repeated list of `names`.
    """
    with open(path) as f:
        text = f.read()
    text = '\n'.join(line.split('#', 1)[0] for line in text.splitlines())
    lists = {}
    for match in _SET_RE.finditer(text):
        name, body = match.group(1), match.group(2)
        if name not in names:
            continue
        if name in lists:
            raise ValueError('%s: %s is set twice' % (path, name))
        entries = body.split()
        for entry in entries:
            if re.search(r'[$"<>;\\]', entry):
                raise ValueError('%s: %s: entry %r is not a plain path or name'
                                 % (path, name, entry))
        lists[name] = entries
    missing = [name for name in names if name not in lists]
    if missing:
        raise ValueError('%s: no set(...) block for %s' % (path, ', '.join(missing)))
    return lists


def module_lists(module_dir):
    """The file lists of the module whose top directory is module_dir."""
    return read_cmake_lists(os.path.join(module_dir, SOURCES_FILE))


def configure(conf):
    try:
        module_lists(conf.path.abspath())
    except (IOError, OSError, ValueError) as e:
        conf.fatal('tcp-fsm: %s' % e)
    have_graph = conf.check_cxx(lib='boost_graph',
                                header_name='boost/graph/adjacency_list.hpp',
                                uselib_store='BOOST_GRAPH',
                                msg='Checking for Boost.Graph (tcp-fsm)',
                                mandatory=False)
    # TCP Fast Open cookies: SipHash-2-4 from libsodium (libsodium-dev).
    have_sodium = conf.check_cxx(lib='sodium', header_name='sodium.h', uselib_store='SODIUM',
                                 msg='Checking for libsodium (tcp-fsm)', mandatory=False)
    conf.report_optional_feature('tcp-fsm', 'TCP FSM module (tcp-fsm)',
                                 bool(have_graph and have_sodium),
                                 'Boost.Graph (libboost-graph-dev) or libsodium (libsodium-dev)'
                                 ' not found')
    if not (have_graph and have_sodium):
        conf.env.append_value('MODULES_NOT_BUILT', MODULE)


def build(bld):
    if MODULE in bld.env['MODULES_NOT_BUILT']:
        return
    lists = module_lists(bld.path.abspath())

    module = bld.create_ns3_module(MODULE, DEPENDENCIES)
    module.source = lists['TCP_FSM_MODEL_SOURCES'] + lists['TCP_FSM_HELPER_SOURCES']
    module.use.append('BOOST_GRAPH')
    module.use.append('SODIUM')

    headers = bld(features='ns3header')
    headers.module = MODULE
    headers.source = lists['TCP_FSM_MODEL_HEADERS'] + lists['TCP_FSM_HELPER_HEADERS']

    if bld.env['ENABLE_EXAMPLES']:
        bld.recurse('examples')
