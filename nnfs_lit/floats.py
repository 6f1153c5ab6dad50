# Tangled from the chapters in docs/ by tools/tangle.py: edit the book, not this file.

# docs/appendix/floats.md, "The code"
"""The float environment: the same kernels, so the same numbers, on any x86-64 CPU."""

import functools
import os
import subprocess
import sys

SWITCH = "NNFS_LIT_FLOATS"  # "pinned" once applied; "native" turns the pin off
PIN = {  # read once, when NumPy is imported: so set before that, by the parent process
    "OPENBLAS_CORETYPE": "Haswell",  # OpenBLAS's AVX2 kernels for every matrix product
    "NPY_ENABLE_CPU_FEATURES": "X86_V3",  # NumPy's own loops (exp, log): AVX2 at most
    "OPENBLAS_NUM_THREADS": "1",  # one thread: no thread waits for another
    "OMP_NUM_THREADS": "1",
}
# Both need x86-64-v3 (AVX2, FMA and a few more: Intel since 2013, AMD since 2015);
# asked for it on a CPU without it, NumPy refuses to load. So ask NumPy first.
ABLE = ("import numpy._core._multiarray_umath as m; "
        "print(m.__cpu_features__.get('X86_V3'))")
SIMD_LEVELS = ["baseline(X86_V2)", "X86_V3", "X86_V4", "AVX512_ICL", "AVX512_SPR"]
ANOTHER = {  # another processor's kernels, to show and test what the pin prevents:
    "OPENBLAS_CORETYPE": "Sandybridge",  # OpenBLAS's AVX kernels, without FMA
    "NPY_ENABLE_CPU_FEATURES": "X86_V2",  # NumPy's baseline loops: SSE4.2 at most
    "OPENBLAS_NUM_THREADS": "1",
    "OMP_NUM_THREADS": "1",
    SWITCH: "native",
}


def environment(environ=None, python=None):
    """(environment, note): a copy of `environ` (default: os.environ) under the pin.

    `python` is the interpreter that will run in it (default: this one). Where the pin
    cannot hold, the copy is marked native and `note` says why, in one line; where it
    holds, `note` is "".
    """
    environment = dict(os.environ if environ is None else environ)
    if environment.get(SWITCH) == "native":
        return environment, f"{SWITCH}=native: this machine's own float kernels"
    if not can_pin(python, environment):
        environment[SWITCH] = "native"
        return environment, ("this CPU or NumPy lacks x86-64-v3 (AVX2): its own float "
                             "kernels, so the last digits of long runs may differ")
    environment.update(PIN)
    environment[SWITCH] = "pinned"
    return environment, ""


def can_pin(python=None, environ=None):
    """Whether `python`'s NumPy (default: this process's) can run under the pin."""
    if python is None:
        from numpy._core._multiarray_umath import __cpu_features__

        return bool(__cpu_features__.get("X86_V3"))
    unpinned = {k: v for k, v in (environ or os.environ).items() if k not in PIN}
    done = subprocess.run([python, "-c", ABLE], env=unpinned, capture_output=True,
                          text=True)
    return done.returncode == 0 and done.stdout.strip() == "True"


def elsewhere(environ=None, python=None):
    """A copy of `environ` under ANOTHER, the kernels of an older x86-64 processor;
    None where this machine cannot run them (it cannot run the pin either)."""
    environment = dict(os.environ if environ is None else environ)
    if not can_pin(python, environment):
        return None
    environment.update(ANOTHER)
    return environment


def rerun_pinned(argv):
    """Run `python ARGV` again, from the start, under the pin, in place of this process.

    Returns, doing nothing, where there is nothing to do: the pin is applied already,
    turned off, or out of this CPU's reach (then marked native, for the processes this
    one starts).
    """
    if os.environ.get(SWITCH):
        return
    pinned, note = environment()
    if note:
        os.environ[SWITCH] = "native"
        return
    sys.stdout.flush()
    if os.name == "posix":  # become the new process: same PID, same signals
        os.execve(sys.executable, [sys.executable, *argv], pinned)
    sys.exit(subprocess.call([sys.executable, *argv], env=pinned))


@functools.cache  # NumPy and OpenBLAS choose when NumPy loads, once per process
def in_effect():
    """What this process computes with: {"blas", "simd", "threads", "pinned"}.

    For example {"blas": "openblas Haswell", "simd": "X86_V3", "threads": 1,
    "pinned": True}; "pinned" is True only when all three are the pin's.
    """
    from numpy.lib.introspect import opt_func_info
    from threadpoolctl import threadpool_info

    blas = [info for info in threadpool_info() if info["user_api"] == "blas"]
    kernel = " ".join(f"{info['internal_api']} {info.get('architecture')}"
                      for info in blas)
    threads = max((info["num_threads"] for info in blas), default=1)
    used = {target["current"] for function in opt_func_info().values()
            for target in function.values()}  # the loop each function runs here
    if used <= set(SIMD_LEVELS):
        simd = max(used, key=SIMD_LEVELS.index)
    else:  # another architecture: its own names
        simd = " ".join(sorted(used))
    pinned = kernel == "openblas Haswell" and simd == "X86_V3" and threads == 1
    return {"blas": kernel, "simd": simd, "threads": threads, "pinned": pinned}
