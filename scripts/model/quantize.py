"""Dynamic int8 quantization of the transformers.js ONNX files -> *_quantized.onnx (loaded by transformers.js dtype 'q8')."""
import sys, os
from onnxruntime.quantization import quantize_dynamic, QuantType
d = sys.argv[1]
for name in ("encoder_model", "decoder_model_merged"):
    src, dst = os.path.join(d, name + ".onnx"), os.path.join(d, name + "_quantized.onnx")
    quantize_dynamic(src, dst, weight_type=QuantType.QUInt8, per_channel=False, reduce_range=False,
                     op_types_to_quantize=["MatMul", "Gather"],
                     extra_options={"EnableSubgraph": True})
    print(dst, os.path.getsize(dst))
