/*
 * SPDX-License-Identifier: GPL-2.0-only
 *
 * A branch hint for the per-segment path. A Release build without a profile (./setup.sh
 * --pgo has one) lays a function out in source order; a branch marked unlikely goes out of
 * the straight path, so that the common case of a segment touches fewer instruction-cache
 * lines (issue 17: on the 2-core hosts the model's cost beyond the packet floor is mostly
 * first-level instruction misses). Mark only what a bulk transfer or a connection's life
 * never takes with the default attributes: a drop, a trace sink, a feature that is off.
 * Hints change code layout, never behaviour.
 */
#ifndef TCP_FSM_BRANCH_H
#define TCP_FSM_BRANCH_H

#if defined(__GNUC__) || defined(__clang__)
#define TCP_FSM_UNLIKELY(x) __builtin_expect(!!(x), 0)
#else
#define TCP_FSM_UNLIKELY(x) (x)
#endif

#endif /* TCP_FSM_BRANCH_H */
