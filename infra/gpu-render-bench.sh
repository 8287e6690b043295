#!/usr/bin/env bash
# The renderer's figures on a CUDA GPU: `render-bench --device cuda` at 512x512 on renderer bundles (default: the
# committed InstructPix2Pix Optimum fixture and the FLUX.1 Kontext fixture), micro-batching up to 1, 4 and 8 requests,
# plus the GPU's memory in use after each. Builds the CUDA variant of ONNX Runtime (-Pgpu, a 642 MB download on first use) unless DEVICE=cpu, which
# runs the same sweep on the CPU build (a smoke test for machines without a GPU).
#
#   infra/gpu-render-bench.sh                                  # both fixtures, 512 px, batches 1 4 8, 20 steps
#   BUNDLE=/models/instruct-pix2pix SIZE=512 infra/gpu-render-bench.sh
#   BUNDLE=/models/flux-kontext-dev STEPS=28 BATCHES="1 2" infra/gpu-render-bench.sh
#   DEVICE=cpu SIZE=64 BATCHES="1 2" STEPS=2 infra/gpu-render-bench.sh
set -euo pipefail
cd "$(dirname "$0")/.."
device="${DEVICE:-cuda}"
size="${SIZE:-512}"
steps="${STEPS:-20}"
rounds="${ROUNDS:-2}"
batches="${BATCHES:-1 4 8}"
bundles="${BUNDLE:-models/fixtures/instruct-pix2pix-tiny models/fixtures/flux-kontext-tiny}"
jar=services/local/target/editstream.jar
if [[ "$device" == cuda ]]; then
  command -v nvidia-smi >/dev/null || { echo "gpu-render-bench: no nvidia-smi here; DEVICE=cpu runs the sweep on the CPU" >&2; exit 2; }
  echo "building with ONNX Runtime's CUDA provider (-Pgpu)..." >&2
  mvn -B -q -Pgpu -DskipTests install >&2
  nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
elif [[ ! -f "$jar" ]]; then
  mvn -B -q -DskipTests install >&2
fi
for bundle in $bundles; do
  for batch in $batches; do
    echo "== $bundle at ${size} px, $steps steps, up to $batch requests per denoiser call, on $device"
    java ${JAVA_OPTS:--Xmx8g} -Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.editstream.events -jar "$jar" render-bench \
      --bundle "$bundle" --device "$device" --size "$size" --steps "$steps" --batch "$batch" --rounds "$rounds"
    if [[ "$device" == cuda ]]; then
      nvidia-smi --query-gpu=memory.used,utilization.gpu --format=csv,noheader | sed 's/^/GPU memory used, utilisation: /'
    fi
  done
done
