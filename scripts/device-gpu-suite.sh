#!/usr/bin/env bash
# Runs on a lent GPU machine, in the repository root, with device/bundle.tar.xz carried (made here by
# scripts/device-bundle.sh). In order, each step's output in $OUT (or ./device-out) for the device tool
# to bring back:
#   gpu.txt          the GPU and driver (nvidia-smi)
#   gpu-suite.txt    the gpu-tagged JUnit suite (CUDA ops against the CPU backend on the real device,
#                    cuBLAS against the built-in SGEMM), XML reports in junit/
#   bench-gpu.txt    sparse-eoc bench gpu (activation GB/s vs peak, built-in SGEMM vs cuBLAS, MLP
#                    training samples/s), with bench/gpu.csv
#   torch-mlp.txt    scripts/torch_mlp_bench.py: the same MLP in PyTorch on the same GPU (if installed)
#   train.txt        a short training run with "backend": "cuda" (results in train-quickstart/)
# A failing step is reported in its file and the next one still runs; the exit status is the number
# of failed steps. Docs: docs/GPU.md.
set -uo pipefail
out=${OUT:-device-out}
mkdir -p "$out"
run=/tmp/sparse-eoc-bundle
rm -rf "$run" && mkdir -p "$run"
tar -C "$run" -xJf device/bundle.tar.xz || { echo "device-gpu-suite: cannot unpack device/bundle.tar.xz" >&2; exit 1; }
java=("$run/jre/bin/java" -Djava.awt.headless=true --enable-native-access=ALL-UNNAMED --add-modules=jdk.incubator.vector)
failed=0

# step NAME FILE COMMAND...: runs COMMAND, output to the terminal and $out/FILE, and counts a failure.
step() {
  local name=$1 file=$2
  shift 2
  echo "== $name" | tee "$out/$file"
  "$@" 2>&1 | tee -a "$out/$file"
  local status=${PIPESTATUS[0]}
  if [ "$status" -ne 0 ]; then
    echo "== $name: exit status $status" | tee -a "$out/$file"
    failed=$((failed + 1))
  fi
}

step "GPU" gpu.txt nvidia-smi --query-gpu=name,driver_version,memory.total,clocks.max.memory --format=csv
step "gpu-tagged suite" gpu-suite.txt "${java[@]}" -jar "$run/junit-console.jar" execute \
    --class-path "$run/sparse-eoc-all.jar:$run/test-classes" --scan-class-path "$run/test-classes" \
    --include-tag gpu --details=tree --reports-dir "$out/junit"
step "bench gpu" bench-gpu.txt "${java[@]}" -jar "$run/sparse-eoc-all.jar" bench gpu --out "$out/bench"
step "PyTorch MLP" torch-mlp.txt python3 scripts/torch_mlp_bench.py
# Training writes SVG plots without java.desktop (PNG only with it), so the bundle's runtime suffices.
step "train (cuda)" train.txt "${java[@]}" -jar "$run/sparse-eoc-all.jar" train \
    --spec experiments/quickstart.json --set backend=cuda --set epochs=2 --set "output=$out/train-quickstart"
exit "$failed"
