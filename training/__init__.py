"""facecrowd training: baseDCNN, LP loss, center loss, data, train/eval, baselines, synth.

Pure PyTorch (plus numpy / scikit-image / scikit-learn); never imports Django or the ORM.
Submodules are imported on demand so ``import training`` stays cheap (no torch import).
"""
__version__ = "0.1.0"
