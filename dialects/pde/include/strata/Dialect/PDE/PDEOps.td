//===- PDEOps.td - operations of the pde dialect -------------*- tablegen -*-===//
#ifndef STRATA_DIALECT_PDE_PDEOPS_TD
#define STRATA_DIALECT_PDE_PDEOPS_TD

include "strata/Dialect/PDE/PDEBase.td"
include "strata/Dialect/PDE/PDETypes.td"
include "strata/Dialect/PDE/PDEAttrs.td"
include "mlir/IR/SymbolInterfaces.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

// A builder that supplies the (fixed) result type, so C++ callers write
// `create<AddOp>(loc, lhs, rhs)`. `forwarded` lists the remaining build() arguments.
class PDE_TypedBuilder<Type resultType, dag ins, string forwarded>
    : OpBuilder<ins, "build($_builder, $_state, " # resultType.builderCall # forwarded # ");">;

//===----------------------------------------------------------------------===//
// Model and declarations
//===----------------------------------------------------------------------===//

def PDE_ModelOp : PDE_Op<"model", [Symbol, SymbolTable, IsolatedFromAbove, NoTerminator,
    SingleBlock, NoRegionArguments]> {
  let summary = "a model: declarations, equations and records on a grid of `dims` axes";
  let description = [{
    Axes are numbered in memory order: 1D (x), 2D (x, z), 3D (x, y, z); the last is the
    fastest. `options` keeps the resolved compile-time option values for reference.
    ```mlir
    pde.model @acoustic dims = 2 options {space_order = 8 : i64} {
      %u = pde.state "u" time_order = 2 space_order = 8
      ...
    }
    ```
  }];
  let arguments = (ins SymbolNameAttr:$sym_name, I64Attr:$dims,
                       DefaultValuedAttr<DictionaryAttr, "{}">:$options);
  let regions = (region SizedRegion<1>:$body);
  let assemblyFormat = "$sym_name `dims` `=` $dims (`options` $options^)? attr-dict-with-keyword $body";
  let hasVerifier = 1;
  let skipDefaultBuilders = 1;
  let builders = [OpBuilder<(ins "::llvm::StringRef":$name, "int64_t":$dims)>];
}

class PDE_DeclOp<string mnemonic, Type resultType, string what>
    : PDE_Op<mnemonic, [HasParent<"ModelOp">, Pure]> {
  let summary = what;
  let arguments = (ins StrAttr:$name);
  let results = (outs resultType:$result);
  let assemblyFormat = "$name attr-dict";
  let builders = [PDE_TypedBuilder<resultType, (ins "::llvm::StringRef":$name), ", name">];
}
def PDE_InputOp : PDE_Op<"input", [HasParent<"ModelOp">, Pure]> {
  let summary = "a given field (model parameter), e.g. squared slowness";
  let description = [{
    `zero_interior` declares that the field is zero inside the grid and non-zero only
    near its faces (a damping profile): kernels may skip reading it where the runtime finds
    it zero.
  }];
  let arguments = (ins StrAttr:$name, UnitAttr:$zero_interior);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$name (`zero_interior` $zero_interior^)? attr-dict";
}
def PDE_SourceOp : PDE_DeclOp<"source", PDE_PointsType,
    "point sources: their amplitudes are injected where pde.inject appears">;
def PDE_ReceiverOp : PDE_DeclOp<"receiver", PDE_PointsType,
    "receivers: pde.record interpolates an expression at their coordinates">;

def PDE_StateOp : PDE_Op<"state", [HasParent<"ModelOp">, Pure]> {
  let summary = "a time-dependent field, the model's unknown";
  let description = [{
    `time_order` is the number of past time levels the discrete update reads (1 or 2);
    `space_order` the default accuracy of its spatial derivatives. `stagger`, when
    present, names the axis along which the field lives on half points.
  }];
  let arguments = (ins StrAttr:$name, I64Attr:$time_order, I64Attr:$space_order,
                       OptionalAttr<I64Attr>:$stagger);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = [{
    $name `time_order` `=` $time_order `space_order` `=` $space_order
    (`stagger` `=` $stagger^)? attr-dict
  }];
  let hasVerifier = 1;
}

//===----------------------------------------------------------------------===//
// Expressions
//===----------------------------------------------------------------------===//

def PDE_ConstantOp : PDE_Op<"constant", [Pure, ConstantLike]> {
  let summary = "a uniform field of the given value";
  let arguments = (ins F64Attr:$value);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$value attr-dict";
  let hasFolder = 1;
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "double":$value), ", $_builder.getF64FloatAttr(value)">];
}

def PDE_SpacingOp : PDE_Op<"spacing", [Pure]> {
  let summary = "the grid spacing along an axis (a compile-time unknown until run time)";
  let arguments = (ins I64Attr:$axis);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$axis attr-dict";
  let hasVerifier = 1;
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "int64_t":$axis), ", axis">];
}

def PDE_TimeStepOp : PDE_Op<"time_step", [Pure]> {
  let summary = "the time step dt";
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins), "">];
}

class PDE_BinaryOp<string mnemonic, string what, list<Trait> traits = []>
    : PDE_Op<mnemonic, !listconcat([Pure], traits)> {
  let summary = what;
  let arguments = (ins PDE_FieldType:$lhs, PDE_FieldType:$rhs);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$lhs `,` $rhs attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$lhs, "::mlir::Value":$rhs), ", lhs, rhs">];
}
def PDE_AddOp : PDE_BinaryOp<"add", "pointwise sum", [Commutative]>;
def PDE_SubOp : PDE_BinaryOp<"sub", "pointwise difference">;
def PDE_MulOp : PDE_BinaryOp<"mul", "pointwise product", [Commutative]>;
def PDE_DivOp : PDE_BinaryOp<"div", "pointwise quotient">;
def PDE_PowOp : PDE_BinaryOp<"pow", "pointwise power lhs^rhs">;
def PDE_MinOp : PDE_BinaryOp<"min", "pointwise minimum", [Commutative]>;
def PDE_MaxOp : PDE_BinaryOp<"max", "pointwise maximum", [Commutative]>;

def PDE_NegOp : PDE_Op<"neg", [Pure]> {
  let summary = "pointwise negation";
  let arguments = (ins PDE_FieldType:$operand);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$operand attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$operand), ", operand">];
}

def PDE_MathOp : PDE_Op<"math", [Pure]> {
  let summary = "an elementary function applied pointwise";
  let arguments = (ins PDE_MathFnAttr:$fn, PDE_FieldType:$operand);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$fn $operand attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "MathFn":$fn, "::mlir::Value":$operand), ", fn, operand">];
}

def PDE_CmpOp : PDE_Op<"cmp", [Pure]> {
  let summary = "pointwise comparison: 1 where it holds, 0 elsewhere";
  let arguments = (ins PDE_CmpPredicateAttr:$predicate, PDE_FieldType:$lhs, PDE_FieldType:$rhs);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$predicate $lhs `,` $rhs attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "CmpPredicate":$predicate, "::mlir::Value":$lhs, "::mlir::Value":$rhs), ", predicate, lhs, rhs">];
}

def PDE_SelectOp : PDE_Op<"select", [Pure]> {
  let summary = "pointwise selection: true_value where condition is non-zero";
  let arguments = (ins PDE_FieldType:$condition, PDE_FieldType:$true_value,
                       PDE_FieldType:$false_value);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$condition `,` $true_value `,` $false_value attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$condition, "::mlir::Value":$trueValue, "::mlir::Value":$falseValue), ", condition, trueValue, falseValue">];
}

//===----------------------------------------------------------------------===//
// Derivatives
//===----------------------------------------------------------------------===//

def PDE_TimeDerivOp : PDE_Op<"dt", [Pure]> {
  let summary = "time derivative of a state (order 1 or 2)";
  let arguments = (ins PDE_FieldType:$operand, I64Attr:$order);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$operand `order` `=` $order attr-dict";
  let hasVerifier = 1;
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$operand, "int64_t":$order), ", operand, order">];
}

def PDE_DerivOp : PDE_Op<"deriv", [Pure]> {
  let summary = "spatial derivative along one axis";
  let description = [{
    `order` is the derivative order, `accuracy` (when present) overrides the accuracy
    order that otherwise comes from the operand's space_order, `variant` selects
    centered, staggered (half point forward/backward) or one-sided sampling.
  }];
  let arguments = (ins PDE_FieldType:$operand, I64Attr:$axis, I64Attr:$order,
                       DefaultValuedAttr<PDE_DerivVariantAttr, "DerivVariant::centered">:$variant,
                       OptionalAttr<I64Attr>:$accuracy);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = [{
    $operand `axis` `=` $axis `order` `=` $order (`variant` `=` $variant^)?
    (`accuracy` `=` $accuracy^)? attr-dict
  }];
  let hasVerifier = 1;
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$operand, "int64_t":$axis, "int64_t":$order, "DerivVariant":$variant, "std::optional<int64_t>":$accuracy), ", operand, axis, order, variant, accuracy ? $_builder.getI64IntegerAttr(*accuracy) : ::mlir::IntegerAttr()">];
}

def PDE_MixedDerivOp : PDE_Op<"mixed_deriv", [Pure]> {
  let summary = "mixed second derivative d^2/(d axis0 d axis1), centered";
  let arguments = (ins PDE_FieldType:$operand, I64Attr:$axis0, I64Attr:$axis1,
                       OptionalAttr<I64Attr>:$accuracy);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = [{
    $operand `axes` `=` `(` $axis0 `,` $axis1 `)` (`accuracy` `=` $accuracy^)? attr-dict
  }];
  let hasVerifier = 1;
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$operand, "int64_t":$axis0, "int64_t":$axis1, "::mlir::IntegerAttr":$accuracy), ", operand, axis0, axis1, accuracy">];
}

def PDE_LaplaceOp : PDE_Op<"laplace", [Pure]> {
  let summary = "sum of the second derivatives along every axis";
  let arguments = (ins PDE_FieldType:$operand, OptionalAttr<I64Attr>:$accuracy);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$operand (`accuracy` `=` $accuracy^)? attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$operand, "::mlir::IntegerAttr":$accuracy), ", operand, accuracy">];
}

def PDE_GradOp : PDE_Op<"grad", [Pure]> {
  let summary = "gradient: the first derivative along every axis";
  let arguments = (ins PDE_FieldType:$operand, OptionalAttr<I64Attr>:$accuracy);
  let results = (outs PDE_VectorType:$result);
  let assemblyFormat = "$operand (`accuracy` `=` $accuracy^)? attr-dict";
  let builders = [PDE_TypedBuilder<PDE_VectorType, (ins "::mlir::Value":$operand, "::mlir::IntegerAttr":$accuracy), ", operand, accuracy">];
}

def PDE_DivergenceOp : PDE_Op<"divergence", [Pure]> {
  let summary = "divergence of a vector: the sum of each component's derivative";
  let arguments = (ins PDE_VectorType:$operand, OptionalAttr<I64Attr>:$accuracy);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$operand (`accuracy` `=` $accuracy^)? attr-dict";
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$operand, "::mlir::IntegerAttr":$accuracy), ", operand, accuracy">];
}

def PDE_ScaleVectorOp : PDE_Op<"scale_vector", [Pure]> {
  let summary = "a vector times a scalar field, component by component";
  let arguments = (ins PDE_FieldType:$scale, PDE_VectorType:$vector);
  let results = (outs PDE_VectorType:$result);
  let assemblyFormat = "$scale `,` $vector attr-dict";
  let builders = [PDE_TypedBuilder<PDE_VectorType, (ins "::mlir::Value":$scale, "::mlir::Value":$vector), ", scale, vector">];
}

//===----------------------------------------------------------------------===//
// Sparse points, equations, records
//===----------------------------------------------------------------------===//

def PDE_InjectOp : PDE_Op<"inject", [Pure]> {
  let summary = "a source term: the sources' amplitudes as a sum of discrete deltas";
  let arguments = (ins PDE_PointsType:$source);
  let results = (outs PDE_FieldType:$result);
  let assemblyFormat = "$source attr-dict";
  let hasVerifier = 1;
  let builders = [PDE_TypedBuilder<PDE_FieldType, (ins "::mlir::Value":$source), ", source">];
}

def PDE_EquationOp : PDE_Op<"equation", [HasParent<"ModelOp">]> {
  let summary = "lhs = rhs; equations are solved in order, one unknown each";
  let arguments = (ins PDE_FieldType:$lhs, PDE_FieldType:$rhs);
  let assemblyFormat = "$lhs `=` $rhs attr-dict";
}

def PDE_RecordOp : PDE_Op<"record", [HasParent<"ModelOp">]> {
  let summary = "sample an expression at the receivers' coordinates every time step";
  let arguments = (ins PDE_PointsType:$receiver, PDE_FieldType:$value);
  let assemblyFormat = "$receiver `=` $value attr-dict";
  let hasVerifier = 1;
}

#endif // STRATA_DIALECT_PDE_PDEOPS_TD
