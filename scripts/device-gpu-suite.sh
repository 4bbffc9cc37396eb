#!/usr/bin/env bash
# Runs on a lent GPU machine, in the repository root, with device/bundle.tar.xz carried (made here by
# scripts/device-bundle.sh): unpacks it, prints the GPU and driver, runs the gpu-tagged JUnit suite
# (CUDA ops against the CPU backend on the real device, cuBLAS against the built-in SGEMM). Reports
# go to $OUT (or ./device-out) for the device tool to bring back. Docs: docs/GPU.md.
set -euo pipefail
out=${OUT:-device-out}
mkdir -p "$out"
run=/tmp/sparse-eoc-bundle
rm -rf "$run" && mkdir -p "$run"
tar -C "$run" -xJf device/bundle.tar.xz
java="$run/jre/bin/java --enable-native-access=ALL-UNNAMED"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv | tee "$out/gpu.txt"
$java -jar "$run/junit-console.jar" execute --class-path "$run/sparse-eoc-all.jar:$run/test-classes" \
    --scan-class-path "$run/test-classes" --include-tag gpu --details=tree --reports-dir "$out/junit" \
    2>&1 | tee "$out/gpu-suite.txt"
