# Helpers that make a new MLIR dialect or pass library a few lines of CMake.
#
# A dialect `Foo` (namespace `foo`) lives in dialects/foo/:
#   include/strata/Dialect/Foo/{FooBase,FooOps,FooTypes,FooAttrs}.td  + FooDialect.h / FooOps.h
#   include/strata/Dialect/Foo/CMakeLists.txt:  strata_add_dialect_tablegen(Foo foo)
#   lib/*.cpp
#   CMakeLists.txt:  add_subdirectory(include/strata/Dialect/Foo)
#                    strata_add_mlir_library(StrataFooDialect SOURCES lib/FooDialect.cpp
#                                            DEPENDS StrataFooIncGen)
# A pass library declares its passes in Passes.td and calls strata_add_pass_tablegen(Name).

set(STRATA_TABLEGEN_INCLUDES ${PROJECT_SOURCE_DIR}/dialects)

# Runs mlir-tblgen over <Name>Ops.td (which includes the other .td files) and produces the op,
# dialect, type, attribute and enum declarations/definitions next to it in the build tree.
function(strata_add_dialect_tablegen name dialect_namespace)
  # .td files include each other as "strata/Dialect/<Name>/..." from the include/ root.
  get_filename_component(include_root ${CMAKE_CURRENT_SOURCE_DIR}/../../.. ABSOLUTE)
  include_directories(${include_root})
  set(LLVM_TARGET_DEFINITIONS ${name}Ops.td)
  mlir_tablegen(${name}Ops.h.inc -gen-op-decls)
  mlir_tablegen(${name}Ops.cpp.inc -gen-op-defs)
  mlir_tablegen(${name}Dialect.h.inc -gen-dialect-decls -dialect=${dialect_namespace})
  mlir_tablegen(${name}Dialect.cpp.inc -gen-dialect-defs -dialect=${dialect_namespace})
  mlir_tablegen(${name}Types.h.inc -gen-typedef-decls -typedefs-dialect=${dialect_namespace})
  mlir_tablegen(${name}Types.cpp.inc -gen-typedef-defs -typedefs-dialect=${dialect_namespace})
  mlir_tablegen(${name}Attrs.h.inc -gen-attrdef-decls -attrdefs-dialect=${dialect_namespace})
  mlir_tablegen(${name}Attrs.cpp.inc -gen-attrdef-defs -attrdefs-dialect=${dialect_namespace})
  mlir_tablegen(${name}Enums.h.inc -gen-enum-decls)
  mlir_tablegen(${name}Enums.cpp.inc -gen-enum-defs)
  add_public_tablegen_target(Strata${name}IncGen)
endfunction()

# Runs mlir-tblgen over Passes.td: declarations and registration of every pass in it.
function(strata_add_pass_tablegen group)
  set(LLVM_TARGET_DEFINITIONS Passes.td)
  mlir_tablegen(Passes.h.inc -gen-pass-decls -name ${group})
  add_public_tablegen_target(Strata${group}PassIncGen)
endfunction()

# A static library of MLIR-facing code. Headers under include/ of the calling folder (and the
# generated ones in the build tree) are public. Everything links the shared libMLIR.
function(strata_add_mlir_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS;LINK_LIBS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${STRATA_WARNING_FLAGS})
  target_include_directories(${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include)
  # TableGen output is generated code: included as SYSTEM so that its unused parameters do
  # not drown Strata's own -Wall -Wextra warnings.
  target_include_directories(${name} SYSTEM PUBLIC ${CMAKE_CURRENT_BINARY_DIR}/include)
  if(ARG_DEPENDS)
    add_dependencies(${name} ${ARG_DEPENDS})
  endif()
  target_link_libraries(${name} PUBLIC MLIR LLVM ${ARG_LINK_LIBS})
endfunction()
