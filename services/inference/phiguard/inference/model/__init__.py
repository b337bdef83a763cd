"""PHI token-classification model: ONNX runner and Triton-style dynamic batcher."""
from phiguard.inference.model.batcher import DynamicBatcher
from phiguard.inference.model.runner import ModelRunner, auto_providers, default_model_dir

__all__ = ["DynamicBatcher", "ModelRunner", "auto_providers", "default_model_dir"]
