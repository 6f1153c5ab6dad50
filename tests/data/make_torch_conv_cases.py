"""Record PyTorch's convolutions and pooling on fixed random inputs, for
tests/test_conv.py to compare the book's layers with (PyTorch is not a dependency of
the book, so its answers are recorded once, here, and committed).

Run from the repository's root with PyTorch installed (the book was checked against
PyTorch 2.13.0 on the CPU, float64):

    python tests/data/make_torch_conv_cases.py

It rewrites tests/data/torch_conv_cases.npz.
"""

from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

OUT = Path(__file__).resolve().parent / "torch_conv_cases.npz"

# (name, kind, input shape, weight shape or pool size, stride, padding)
CASES = [
    ("conv2d_plain", "conv2d", (2, 3, 7, 6), (4, 3, 3, 2), (1, 1), (0, 0)),
    ("conv2d_stride_pad", "conv2d", (3, 2, 9, 8), (5, 2, 3, 3), (2, 2), (1, 1)),
    ("conv2d_uneven", "conv2d", (2, 1, 10, 7), (3, 1, 5, 2), (3, 1), (2, 0)),
    ("conv1d_stride_pad", "conv1d", (4, 2, 40), (6, 2, 5), 2, 2),
    ("maxpool2d", "maxpool2d", (2, 3, 9, 8), (2, 2), None, None),
    ("maxpool1d", "maxpool1d", (3, 2, 11), 2, None, None),
]


def record():
    rng = np.random.default_rng(2026)
    arrays = {}
    for name, kind, input_shape, second, stride, padding in CASES:
        x = torch.tensor(rng.standard_normal(input_shape), requires_grad=True)
        if kind.startswith("conv"):
            w = torch.tensor(rng.standard_normal(second), requires_grad=True)
            b = torch.tensor(rng.standard_normal(second[0]), requires_grad=True)
            conv = F.conv2d if kind == "conv2d" else F.conv1d
            out = conv(x, w, b, stride=stride, padding=padding)
        else:
            pool = F.max_pool2d if kind == "maxpool2d" else F.max_pool1d
            out = pool(x, second)
        g = torch.tensor(rng.standard_normal(tuple(out.shape)))
        out.backward(g)
        arrays[f"{name}/x"] = x.detach().numpy()
        arrays[f"{name}/out"] = out.detach().numpy()
        arrays[f"{name}/g"] = g.numpy()
        arrays[f"{name}/dx"] = x.grad.numpy()
        if kind.startswith("conv"):
            arrays[f"{name}/w"] = w.detach().numpy()
            arrays[f"{name}/b"] = b.detach().numpy()
            arrays[f"{name}/dw"] = w.grad.numpy()
            arrays[f"{name}/db"] = b.grad.numpy()
    arrays["torch_version"] = np.array(torch.__version__)
    np.savez_compressed(OUT, **arrays)
    print(f"wrote {OUT} ({len(CASES)} cases, PyTorch {torch.__version__})")


if __name__ == "__main__":
    record()
