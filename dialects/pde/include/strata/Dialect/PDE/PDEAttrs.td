//===- PDEAttrs.td - attributes of the pde dialect -----------*- tablegen -*-===//
// The enum attributes are declared in PDEBase.td; this file gathers them for tablegen.
#ifndef STRATA_DIALECT_PDE_PDEATTRS_TD
#define STRATA_DIALECT_PDE_PDEATTRS_TD
include "strata/Dialect/PDE/PDEBase.td"
#endif
