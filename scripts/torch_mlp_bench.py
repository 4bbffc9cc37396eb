#!/usr/bin/env python3
"""PyTorch counterpart of `sparse-eoc bench gpu`'s training figure, for a side-by-side comparison on
the same GPU in the same session: the 784-4096x20-10 ReLU MLP (20 hidden layers of 4096), SGD with
momentum 0.9 and lr 1e-3, batch 1024, one fixed batch of random Gaussian inputs and labels, FP32
(TF32 off, as sparse-eoc's default). Times full steps (forward, cross-entropy, backward, update)
with CUDA events after a warm-up and prints the median samples/s. Usage:

    python3 scripts/torch_mlp_bench.py [--batch 1024] [--width 4096] [--depth 20] [--steps 50]
"""
import argparse
import statistics
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=1024)
    parser.add_argument("--width", type=int, default=4096)
    parser.add_argument("--depth", type=int, default=20, help="hidden layers")
    parser.add_argument("--steps", type=int, default=50, help="timed steps")
    parser.add_argument("--warmup", type=int, default=10, help="untimed steps first")
    args = parser.parse_args()
    try:
        import torch
    except ImportError:
        print("torch_mlp_bench: PyTorch is not installed (pip install torch)", file=sys.stderr)
        return 2
    if not torch.cuda.is_available():
        print("torch_mlp_bench: no CUDA device visible to PyTorch", file=sys.stderr)
        return 2
    torch.backends.cuda.matmul.allow_tf32 = False  # full FP32 GEMM, like sparse-eoc's default
    torch.backends.cudnn.allow_tf32 = False
    torch.manual_seed(1)
    device = torch.device("cuda")
    layers = []
    inputs = 784
    for _ in range(args.depth):
        layers += [torch.nn.Linear(inputs, args.width), torch.nn.ReLU()]
        inputs = args.width
    layers.append(torch.nn.Linear(inputs, 10))
    model = torch.nn.Sequential(*layers).to(device)
    optimizer = torch.optim.SGD(model.parameters(), lr=1e-3, momentum=0.9)
    loss_fn = torch.nn.CrossEntropyLoss()
    x = torch.randn(args.batch, 784, device=device)
    y = torch.randint(0, 10, (args.batch,), device=device)

    def step() -> None:
        optimizer.zero_grad(set_to_none=True)
        loss_fn(model(x), y).backward()
        optimizer.step()

    for _ in range(args.warmup):
        step()
    torch.cuda.synchronize()
    times_ms = []
    for _ in range(args.steps):
        start = torch.cuda.Event(enable_timing=True)
        end = torch.cuda.Event(enable_timing=True)
        start.record()
        step()
        end.record()
        end.synchronize()
        times_ms.append(start.elapsed_time(end))
    median = statistics.median(times_ms)
    print(f"torch {torch.__version__} on {torch.cuda.get_device_name(0)}, TF32 off")
    print(
        f"train mlp 784-{args.width}x{args.depth}-10 batch {args.batch}: step median {median:.3f} ms"
        f" (min {min(times_ms):.3f}, max {max(times_ms):.3f}), {args.batch / (median / 1e3):.0f} samples/s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
