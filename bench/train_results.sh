#!/bin/sh
# Every figure of docs/benchmarks.md "Training (issue #4)", run sequentially on CPU.
#   sh bench/train_results.sh [BASE_EPOCHS] [FINETUNE_EPOCHS]   (logs: /tmp/train-*.log)
# Stage A trains baseDCNN with softmax from scratch (2 epochs, then BASE_EPOCHS more warm-
# started from them: the recorded run was lengthened after its second epoch); stage B
# warm-starts (--init) from stage A and trains softmax, center and LP for FINETUNE_EPOCHS
# each, so the three rows differ only in the loss of stage B.
# The releases are built first if they are missing.
set -e
cd "$(dirname "$0")/.."
PY=.venv/bin/python
BASE=${1:-8}
TUNE=${2:-4}
SYN=out/synth-3000
CMU=out/cmu-release
[ -f $SYN/release.json ] || $PY -m training synth --out $SYN --n 3000 --compound 0 --seed 2026
[ -f $CMU/release.json ] || $PY bench/train_cmu_release.py --out $CMU --seed 0

[ -f out/runs/synth-base-e2/checkpoint.pt ] || $PY -m training train --release $SYN \
    --out out/runs/synth-base-e2 --loss softmax --epochs 6 --max-steps 78 --seed 0 \
    --device cpu > /tmp/train-synth-base-e2.log 2>&1
$PY -m training train --release $SYN --out out/runs/synth-base --loss softmax \
    --epochs $BASE --seed 2 --device cpu --init out/runs/synth-base-e2/checkpoint.pt \
    > /tmp/train-synth-base.log 2>&1
for LOSS in softmax center lp; do
  $PY -m training train --release $SYN --out out/runs/synth-$LOSS --loss $LOSS --lr 0.005 \
      --epochs $TUNE --seed 1 --device cpu --init out/runs/synth-base/checkpoint.pt \
      > /tmp/train-synth-$LOSS.log 2>&1
  $PY -m training evaluate --checkpoint out/runs/synth-$LOSS/checkpoint.pt --release $SYN \
      --device cpu > /tmp/train-eval-synth-$LOSS.log 2>&1
done

# Real faces: DLP-CNN fine-tuned from the synthetic LP model (warm start), person-disjoint split.
$PY -m training train --release $CMU --out out/runs/cmu-lp --loss lp --epochs 12 --seed 0 \
    --device cpu --init out/runs/synth-lp/checkpoint.pt > /tmp/train-cmu-lp.log 2>&1
$PY -m training evaluate --checkpoint out/runs/cmu-lp/checkpoint.pt --release $CMU \
    --device cpu > /tmp/train-eval-cmu-lp.log 2>&1
echo cnn > /tmp/train-results.cnn-done

for REL in $CMU $SYN; do
  for FEAT in hog lbp gabor; do
    for CLF in svm lda-knn; do
      $PY -m training baseline --release $REL --feature $FEAT --classifier $CLF \
          --out out/baselines/$(basename $REL)-$FEAT-$CLF.json > /dev/null 2>> /tmp/train-baselines.log
    done
  done
done
echo done > /tmp/train-results.done
