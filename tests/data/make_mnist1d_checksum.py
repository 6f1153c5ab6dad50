"""Record the SHA-256 of the MNIST-1D data set as the mnist1d package makes it with
its default arguments, for tests/test_mnist1d.py to compare chapter 24's NumPy
generator with (mnist1d and SciPy are not dependencies of the book, so the package's
answer is recorded once, here, and committed).

Run from the repository's root with mnist1d installed (the book was checked against
mnist1d 0.0.2.post1, which needs SciPy), under the book's float environment:

    OPENBLAS_CORETYPE=Haswell NPY_ENABLE_CPU_FEATURES=X86_V3 OPENBLAS_NUM_THREADS=1 \
        python tests/data/make_mnist1d_checksum.py

It rewrites tests/data/mnist1d_sha256.txt: the SHA-256 of the bytes of x, y, x_test
and y_test, one after the other (float64 and int64, C order).
"""

import hashlib
from pathlib import Path

import numpy as np
from mnist1d.data import get_dataset_args, make_dataset

OUT = Path(__file__).resolve().parent / "mnist1d_sha256.txt"


def record():
    data = make_dataset(get_dataset_args())  # seed 42, 5000 signals, 80% to train
    digest = hashlib.sha256()
    for name in ("x", "y", "x_test", "y_test"):
        digest.update(np.ascontiguousarray(data[name]).tobytes())
    OUT.write_text(digest.hexdigest() + "\n")
    print(f"{OUT}: {digest.hexdigest()}")


if __name__ == "__main__":
    record()
