#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-only
"""Check that the waf build (wscript) reads the same file lists as CMake.

    wscript-lists-test.py <repository root> <cmake executable>

Loads read_cmake_lists() from the top-level wscript (it imports nothing from waf at load
time), compares what it reads from cmake/tcp-fsm-sources.cmake with what CMake itself sets
when it includes the file, checks that every listed file exists, and that malformed lists
are refused instead of misread. Then runs configure() and build() of both wscripts against
small stand-ins for waf's contexts, to catch mistakes in code that no CI runs under waf.
"""

import importlib.machinery
import importlib.util
import os
import subprocess
import sys
import tempfile
import types

sys.dont_write_bytecode = True


def load_wscript(root):
    path = os.path.join(root, 'wscript')
    loader = importlib.machinery.SourceFileLoader('tcp_fsm_wscript', path)
    spec = importlib.util.spec_from_loader(loader.name, loader)
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def cmake_lists(cmake, root, names):
    """What CMake sets for each list when it includes the sources file."""
    script = ['include("%s")' % os.path.join(root, 'cmake', 'tcp-fsm-sources.cmake')]
    script += ['message("%s=${%s}")' % (name, name) for name in names]
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, 'print-lists.cmake')
        with open(path, 'w') as f:
            f.write('\n'.join(script) + '\n')
        out = subprocess.run([cmake, '-P', path], check=True, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, universal_newlines=True).stderr
    lists = {}
    for line in out.splitlines():
        name, _, value = line.partition('=')
        if name in names:
            lists[name] = [v for v in value.split(';') if v]
    return lists


def expect_refused(wscript, text, what):
    with tempfile.NamedTemporaryFile('w', suffix='.cmake', delete=False) as f:
        f.write(text)
    try:
        wscript.read_cmake_lists(f.name, names=('A', 'B'))
    except ValueError:
        return []
    finally:
        os.unlink(f.name)
    return ['a list with %s was accepted' % what]


class FakeNode(object):
    """The two things the wscripts ask of a waf Node."""

    def __init__(self, path):
        self._path = os.path.abspath(path)

    def abspath(self):
        return self._path

    @property
    def parent(self):
        return FakeNode(os.path.dirname(self._path))


class FakeEnv(dict):
    """waf's ConfigSet: items also read as attributes, append_value() extends a list."""

    def __getattr__(self, name):
        return self.get(name, [])

    def append_value(self, name, value):
        self.setdefault(name, []).extend(value if isinstance(value, list) else [value])


class FakeTaskGen(object):
    def __init__(self, **kw):
        self.__dict__.update(kw)
        self.use = list(kw.get('use', []))


class FakeContext(object):
    """Just enough of waf's ConfigurationContext and BuildContext for our wscripts."""

    def __init__(self, root, wscript, have_graph=True):
        self.path = FakeNode(root)
        self.env = FakeEnv(MODULES_NOT_BUILT=[], ENABLE_EXAMPLES=True)
        self.wscript = wscript
        self.have_graph = have_graph
        self.modules, self.programs, self.headers, self.features = [], [], [], []

    # configure
    def fatal(self, msg):
        raise RuntimeError(msg)

    def check_cxx(self, **kw):
        # Boost.Graph decides (the tests switch it off); libsodium (Fast Open cookies) is there.
        assert (kw['uselib_store'], kw['lib']) in (('BOOST_GRAPH', 'boost_graph'),
                                                   ('SODIUM', 'sodium'))
        return self.have_graph if kw['lib'] == 'boost_graph' else True

    def report_optional_feature(self, name, caption, enabled, reason):
        self.features.append((name, bool(enabled)))

    # build
    def create_ns3_module(self, name, deps):
        module = FakeTaskGen(name=name, deps=deps)
        self.modules.append(module)
        return module

    def create_ns3_program(self, name, deps):
        program = FakeTaskGen(name=name, deps=deps)
        self.programs.append(program)
        return program

    def __call__(self, **kw):
        tg = FakeTaskGen(**kw)
        self.headers.append(tg)
        return tg

    def recurse(self, sub):
        path = os.path.join(self.path.abspath(), sub, 'wscript')
        loader = importlib.machinery.SourceFileLoader('tcp_fsm_examples_wscript', path)
        spec = importlib.util.spec_from_loader(loader.name, loader)
        module = importlib.util.module_from_spec(spec)
        loader.exec_module(module)
        saved = self.path
        self.path = FakeNode(os.path.join(saved.abspath(), sub))
        try:
            module.build(self)
        finally:
            self.path = saved


def run_wscripts(root, wscript, lists):
    """configure() and build() of both wscripts against the stand-ins; returns errors."""
    errors = []
    # examples/wscript loads the top-level wscript through waflib.Context.load_module.
    waflib = types.ModuleType('waflib')
    waflib.Context = types.ModuleType('waflib.Context')
    waflib.Context.load_module = lambda path: wscript
    sys.modules['waflib'] = waflib
    sys.modules['waflib.Context'] = waflib.Context

    ctx = FakeContext(root, wscript)
    wscript.configure(ctx)
    if ctx.env['MODULES_NOT_BUILT'] or ctx.features != [('tcp-fsm', True)]:
        errors.append('configure with Boost.Graph: %r %r'
                      % (ctx.env['MODULES_NOT_BUILT'], ctx.features))
    wscript.build(ctx)
    if len(ctx.modules) != 1:
        return errors + ['build() created %d modules' % len(ctx.modules)]
    module = ctx.modules[0]
    if module.name != 'tcp-fsm' or module.deps != wscript.DEPENDENCIES:
        errors.append('module %r with dependencies %r' % (module.name, module.deps))
    if module.source != lists['TCP_FSM_MODEL_SOURCES'] + lists['TCP_FSM_HELPER_SOURCES']:
        errors.append('module sources %r' % module.source)
    if 'BOOST_GRAPH' not in module.use:
        errors.append('the module does not use BOOST_GRAPH')
    headers = [h for h in ctx.headers if getattr(h, 'features', '') == 'ns3header']
    if len(headers) != 1 or headers[0].module != 'tcp-fsm' or headers[0].source != (
            lists['TCP_FSM_MODEL_HEADERS'] + lists['TCP_FSM_HELPER_HEADERS']):
        errors.append('headers task generators %r' % [h.__dict__ for h in headers])
    built = [(p.name, p.source) for p in ctx.programs]
    wanted = [(n, n + '.cc') for n in lists['TCP_FSM_PROGRAMS']]
    if built != wanted:
        errors.append('examples built %r, expected %r' % (built, wanted))
    if any(p.deps[0] != 'tcp-fsm' for p in ctx.programs):
        errors.append('an example does not depend on tcp-fsm first')

    ctx = FakeContext(root, wscript, have_graph=False)
    wscript.configure(ctx)
    wscript.build(ctx)
    if ctx.env['MODULES_NOT_BUILT'] != ['tcp-fsm'] or ctx.modules or ctx.programs:
        errors.append('without Boost.Graph the module is still built')
    return errors


def main():
    root, cmake = sys.argv[1], sys.argv[2]
    wscript = load_wscript(root)
    errors = []

    ours = wscript.module_lists(root)
    theirs = cmake_lists(cmake, root, wscript.LIST_NAMES)
    for name in wscript.LIST_NAMES:
        if ours.get(name) != theirs.get(name):
            errors.append('%s: wscript reads %r, CMake sets %r'
                          % (name, ours.get(name), theirs.get(name)))

    for name in wscript.LIST_NAMES:
        for entry in ours[name]:
            rel = os.path.join('examples', entry + '.cc') if name == 'TCP_FSM_PROGRAMS' else entry
            if not os.path.isfile(os.path.join(root, rel)):
                errors.append('%s lists %s, which does not exist' % (name, rel))

    parsed = None
    with tempfile.NamedTemporaryFile('w', suffix='.cmake', delete=False) as f:
        f.write('# comment (with parentheses)\nset(A\n    x.cc  # trailing comment\n'
                '    y.cc\n)\nSET( B )\nset(C ${A})\n')
    try:
        parsed = wscript.read_cmake_lists(f.name, names=('A', 'B'))
    finally:
        os.unlink(f.name)
    if parsed != {'A': ['x.cc', 'y.cc'], 'B': []}:
        errors.append('parsing a sample file gave %r' % parsed)
    errors += expect_refused(wscript, 'set(A ${X})\nset(B)\n', 'a variable')
    errors += expect_refused(wscript, 'set(A "x y")\nset(B)\n', 'a quoted entry')
    errors += expect_refused(wscript, 'set(A x)\n', 'a list missing')
    errors += expect_refused(wscript, 'set(A x)\nset(B)\nset(A y)\n', 'a list set twice')

    if not errors:
        errors += run_wscripts(root, wscript, ours)

    for e in errors:
        print('FAIL: ' + e)
    if not errors:
        print('wscript reads the same %d lists as CMake and builds them' % len(wscript.LIST_NAMES))
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
