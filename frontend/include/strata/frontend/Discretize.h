//===- Discretize.h - Derivative expansion and solve ------------*- C++ -*-===//
//
// A DiscreteModel is the explicit time-stepping scheme of a Model: for each
// equation, the state it updates and the closed-form expression of that
// state at t+1 in terms of known field accesses.
//
// Offsets of field accesses are *physical* positions relative to the point
// being updated, in half grid points: a state staggered along x lives at
// x_{i+1/2}, and `v[x+1/2]` in the update of an unstaggered `p` reads the
// v value half a cell forward of p's point. To get a storage index along an
// axis, subtract the accessed field's stagger (1/2 if staggered) and add the
// updated field's.
//
//===----------------------------------------------------------------------===//
#pragma once

#include "strata/frontend/Expr.h"
#include "strata/frontend/Model.h"

namespace strata::frontend {

struct SourceTerm {
  int source = -1; // Model field index of the `source`
  std::string name;
  const Node *coefficient = nullptr; // state[t+1] += coefficient * injected amplitude
};

struct DiscreteUpdate {
  int state = -1; // Model field index of the updated state
  std::string stateName;
  const Node *unknown = nullptr; // the access solved for, state[t+1]
  const Node *update = nullptr;  // state[t+1] = update + sum(sources)
  std::vector<SourceTerm> sources;
  SourceRange loc;
};

struct DiscreteRecord {
  int receiver = -1;
  std::string name;
  const Node *expr = nullptr; // sampled at the receivers, at time t+1
  SourceRange loc;
};

struct DiscreteModel {
  std::string name;
  int dims = 0;
  std::vector<Axis> axes;
  std::vector<DiscreteUpdate> updates; // in equation order
  std::vector<DiscreteRecord> records;
};

/// Converts a checked expression to the continuous DAG: options and consts
/// folded to numbers, lets inlined, states read at t (or t+1 when
/// `updated[field]`), derivatives kept as Derivative nodes.
const Node *lowerExpr(const Model &model, const Expr &expr, ExprContext &ctx,
                      const std::vector<bool> &updated);

} // namespace strata::frontend
