//===- StencilAttrs.td - attributes of the stencil dialect ---*- tablegen -*-===//
// The stencil dialect has no custom attributes yet; the file exists so that the
// dialect follows the XBase/XOps/XTypes/XAttrs layout that tablegen expects.
#ifndef STRATA_DIALECT_STENCIL_STENCILATTRS_TD
#define STRATA_DIALECT_STENCIL_STENCILATTRS_TD
include "strata/Dialect/Stencil/StencilBase.td"
#endif
