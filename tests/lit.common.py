# Settings shared by Strata's lit suites; each suite's lit.cfg.py adds its name and suffixes.
import os
import lit.formats

config.test_format = lit.formats.ShTest(execute_external=True)
config.excludes = ["lit.cfg.py", "Inputs"]
config.test_source_root = config.strata_test_source
config.test_exec_root = config.strata_test_exec

# Strata's tools first, then FileCheck/not/split-file from LLVM 19.
config.environment["PATH"] = os.pathsep.join(
    [config.strata_tools_dir, config.llvm_tools_dir, os.environ["PATH"]]
)
config.substitutions.append(("%strata_src", config.strata_source_root))
# Keep diagnostics free of terminal colours and any kernel cache inside the test tree.
config.environment["NO_COLOR"] = "1"
config.environment["STRATA_CACHE_DIR"] = os.path.join(config.test_exec_root, "cache")
if config.strata_enable_cuda:
    config.available_features.add("cuda")
# Real data from ../shared/data, absent from a user's clone: tests that need it are UNSUPPORTED.
if os.path.exists(os.path.join(config.strata_source_root, "..", "shared", "data", "marmousi",
                               "marmousi_vp_20m_176x851.bin")):
    config.available_features.add("marmousi")
# Debian's python3 with numpy (scripts/install-deps.sh installs python3-numpy) checks .npy
# outputs from outside; tests that need it are UNSUPPORTED where it is missing.
import subprocess
if os.path.exists("/usr/bin/python3") and subprocess.call(
        ["/usr/bin/python3", "-c", "import numpy"], stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL) == 0:
    config.available_features.add("numpy")
    config.substitutions.append(("%numpy_python", "/usr/bin/python3"))
