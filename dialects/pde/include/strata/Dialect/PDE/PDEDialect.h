//===- PDEDialect.h - the pde dialect ----------------------------*- C++ -*-===//
#pragma once

#include "mlir/IR/Dialect.h"

#include "strata/Dialect/PDE/PDEDialect.h.inc"
