#!/usr/bin/env bash
# Regenerates the trained default bundles in models/default from nothing but this repository:
# simulate the dataset, train clip, reasoner, renderer + enhancer, run the pipeline benchmark on the
# held-out test split, write the model cards. About 1.5 h on a 2-core machine.
#   DATA=/tmp/editstream-sim models/training/train_all.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
DATA="${DATA:-/tmp/editstream-sim}"
PY=/usr/bin/python3            # Debian's interpreter: apt-get install -y python3-torch python3-onnx libopenblas0-pthread
export OMP_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1
./editstream simulate --seed 7 --train 20000 --validation 1000 --test 500 --out "$DATA" --overwrite
$PY models/training/train_clip.py --data "$DATA" --minutes 14 --weights "$DATA/clip-weights.pt"
$PY models/training/train_reasoner.py --data "$DATA" --minutes 24 --weights "$DATA/reasoner-weights.pt"
$PY models/training/train_renderer.py --data "$DATA" --minutes 45 --clip-weights "$DATA/clip-weights.pt" \
    --reasoner-weights "$DATA/reasoner-weights.pt" --checkpoint "$DATA/renderer-weights.pt"
./editstream benchmark --file "$DATA/test/benchmark.json" --limit 200 --out models/default/benchmark --model-tag default
$PY models/training/write_cards.py --report models/default/benchmark/report.json
