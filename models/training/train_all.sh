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
# the renderer learns on the stage-1 reasoner's guidance; stage 2 below only retrains the decoder
RENDER=(--data "$DATA" --limit 14000 --wordings 2 --clip-weights "$DATA/clip-weights.pt"
        --reasoner-weights "$DATA/reasoner-weights.pt" --scheduler EulerAncestralDiscreteScheduler --guidance 1.0 1.0)
$PY models/training/train_renderer.py "${RENDER[@]}" --minutes 38 --checkpoint "$DATA/renderer-1.pt" --out "$DATA/export-1"
$PY models/training/train_renderer.py "${RENDER[@]}" --minutes 18 --lr 2e-4 --resume "$DATA/renderer-1.pt" \
    --checkpoint "$DATA/renderer-2.pt" --eval-items 100
$PY models/training/train_reasoner.py --data "$DATA" --minutes 14 --finetune-decoder "$DATA/reasoner-weights.pt" \
    --weights "$DATA/reasoner-weights-2.pt"
./editstream benchmark --file "$DATA/test/benchmark.json" --out models/default/benchmark --model-tag default
$PY models/training/write_cards.py --report models/default/benchmark/report.json
