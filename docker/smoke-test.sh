#!/usr/bin/env bash
# Smoke test of the Docker image on a host with an NVIDIA GPU, Docker and the NVIDIA Container
# Toolkit (docker run --gpus all). From the repository root:
#   docker/smoke-test.sh [RESULTS_DIR]     (default ./docker-smoke)
# 1. builds the build stage (sparse-eoc:build) and the runtime image (sparse-eoc:smoke);
# 2. runs the gpu-tagged test suite inside the build stage's container, on the GPU;
# 3. runs a 1-epoch quickstart with "backend": "cuda" in the runtime container, results written to
#    RESULTS_DIR (mounted at /work/results, owned by the container's user 10001);
# 4. checks the run's provenance says it ran on CUDA.
# Exits non-zero at the first failing step. Docs: docker/README.md.
set -euo pipefail
root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
results=$(readlink -f "${1:-docker-smoke}")
cd "$root"
command -v docker >/dev/null || { echo "smoke-test: docker not found" >&2; exit 1; }
nvidia-smi --query-gpu=name,driver_version --format=csv,noheader \
  || { echo "smoke-test: nvidia-smi failed: this host needs an NVIDIA GPU and driver" >&2; exit 1; }

echo "== build"
docker build -f docker/Dockerfile --target build -t sparse-eoc:build .
docker build -f docker/Dockerfile -t sparse-eoc:smoke .

echo "== gpu-tagged test suite in the container"
docker run --rm --gpus all sparse-eoc:build ./run-tests -DexcludedTestGroups= -Dgroups=gpu

echo "== short training in the container, results in $results"
mkdir -p "$results"
# The container runs as uid 10001; let it write the mounted folder.
chmod a+rwx "$results"
docker run --rm --gpus all -v "$results:/work/results" sparse-eoc:smoke \
  train --spec experiments/quickstart.json --set backend=cuda --set epochs=1 --set output=results/smoke
provenance="$results/smoke/provenance.json"
[ -f "$provenance" ] || { echo "smoke-test: no $provenance" >&2; exit 1; }
grep -q '"name" : "cuda"' "$provenance" \
  || { echo "smoke-test: $provenance does not say the run used CUDA" >&2; exit 1; }
echo "smoke-test: passed (results in $results/smoke)"
