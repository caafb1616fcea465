"""Convert a faster-whisper (CTranslate2 WhisperSpec) model folder into a
Hugging Face transformers Whisper folder (safetensors + configs + tokenizer).

usage: python ct2_to_hf.py CT2_DIR OUT_DIR
CT2_DIR must contain model.bin, config.json, tokenizer.json
"""
import json, sys, os, re
import numpy as np
import torch
from ct2read import read_ct2
from transformers import (WhisperConfig, WhisperForConditionalGeneration,
                          WhisperFeatureExtractor, WhisperTokenizerFast,
                          GenerationConfig)

src, out = sys.argv[1], sys.argv[2]
os.makedirs(out, exist_ok=True)
m = read_ct2(os.path.join(src, "model.bin"))
assert m["spec"] == "WhisperSpec", m["spec"]
V = {k: v for k, v in m["vars"].items()}
for a, t in m["aliases"].items():
    V[a] = V[t]
ct2cfg = json.load(open(os.path.join(src, "config.json")))
tok = json.load(open(os.path.join(src, "tokenizer.json")))
added = {t["content"]: t["id"] for t in tok["added_tokens"]}

def nlayers(prefix):
    ids = {int(mm.group(1)) for k in V for mm in [re.match(prefix + r"/layer_(\d+)/", k)] if mm}
    return max(ids) + 1

vocab, d = V["decoder/embeddings/weight"].shape
n_enc, n_dec = nlayers("encoder"), nlayers("decoder")
heads = int(V["encoder/num_heads"][0])
ffn = V["encoder/layer_0/ffn/linear_0/weight"].shape[0]
n_mels = V["encoder/conv1/weight"].shape[1]
multilingual = vocab >= 51865
eot = added["<|endoftext|>"]
sot = added["<|startoftranscript|>"]
notimestamps = added["<|notimestamps|>"]
print(f"vocab={vocab} d={d} enc={n_enc} dec={n_dec} heads={heads} ffn={ffn} mels={n_mels} multilingual={multilingual}")

forced = [[1, None], [2, added["<|transcribe|>"]]] if multilingual else [[1, notimestamps]]
cfg = WhisperConfig(
    vocab_size=vocab, num_mel_bins=n_mels, d_model=d,
    encoder_layers=n_enc, decoder_layers=n_dec,
    encoder_attention_heads=heads, decoder_attention_heads=heads,
    encoder_ffn_dim=ffn, decoder_ffn_dim=ffn,
    max_source_positions=V["encoder/position_encodings/encodings"].shape[0],
    max_target_positions=V["decoder/position_encodings/encodings"].shape[0],
    pad_token_id=eot, bos_token_id=sot, eos_token_id=eot,
    decoder_start_token_id=sot,
    suppress_tokens=ct2cfg["suppress_ids"],
    begin_suppress_tokens=ct2cfg["suppress_ids_begin"],
    forced_decoder_ids=forced,
    activation_function="gelu", scale_embedding=False,
    use_cache=True, torch_dtype="float32",
)
cfg.architectures = ["WhisperForConditionalGeneration"]
model = WhisperForConditionalGeneration(cfg).eval()

def T(name):
    return torch.from_numpy(np.ascontiguousarray(V[name]).astype(np.float32))

sd = {}
def lin(dst, srcn, bias=True):
    sd[dst + ".weight"] = T(srcn + "/weight")
    if bias:
        sd[dst + ".bias"] = T(srcn + "/bias")
def ln(dst, srcn):
    sd[dst + ".weight"] = T(srcn + "/gamma")
    sd[dst + ".bias"] = T(srcn + "/beta")
def split(srcn, parts):
    w, b = T(srcn + "/weight"), T(srcn + "/bias")
    ws, bs = torch.chunk(w, len(parts), 0), torch.chunk(b, len(parts), 0)
    for p, wi, bi in zip(parts, ws, bs):
        sd[p + ".weight"] = wi.clone()
        if not p.endswith("k_proj"):
            sd[p + ".bias"] = bi.clone()
        else:
            assert float(bi.abs().max()) == 0.0, "k_proj bias should be zero"

e = "model.encoder"
lin(f"{e}.conv1", "encoder/conv1"); lin(f"{e}.conv2", "encoder/conv2")
sd[f"{e}.embed_positions.weight"] = T("encoder/position_encodings/encodings")
ln(f"{e}.layer_norm", "encoder/layer_norm")
for i in range(n_enc):
    s, h = f"encoder/layer_{i}", f"{e}.layers.{i}"
    ln(f"{h}.self_attn_layer_norm", f"{s}/self_attention/layer_norm")
    split(f"{s}/self_attention/linear_0", [f"{h}.self_attn.q_proj", f"{h}.self_attn.k_proj", f"{h}.self_attn.v_proj"])
    lin(f"{h}.self_attn.out_proj", f"{s}/self_attention/linear_1")
    ln(f"{h}.final_layer_norm", f"{s}/ffn/layer_norm")
    lin(f"{h}.fc1", f"{s}/ffn/linear_0"); lin(f"{h}.fc2", f"{s}/ffn/linear_1")
dd = "model.decoder"
sd[f"{dd}.embed_tokens.weight"] = T("decoder/embeddings/weight")
sd[f"{dd}.embed_positions.weight"] = T("decoder/position_encodings/encodings")
ln(f"{dd}.layer_norm", "decoder/layer_norm")
for i in range(n_dec):
    s, h = f"decoder/layer_{i}", f"{dd}.layers.{i}"
    ln(f"{h}.self_attn_layer_norm", f"{s}/self_attention/layer_norm")
    split(f"{s}/self_attention/linear_0", [f"{h}.self_attn.q_proj", f"{h}.self_attn.k_proj", f"{h}.self_attn.v_proj"])
    lin(f"{h}.self_attn.out_proj", f"{s}/self_attention/linear_1")
    ln(f"{h}.encoder_attn_layer_norm", f"{s}/attention/layer_norm")
    lin(f"{h}.encoder_attn.q_proj", f"{s}/attention/linear_0")
    split(f"{s}/attention/linear_1", [f"{h}.encoder_attn.k_proj", f"{h}.encoder_attn.v_proj"])
    lin(f"{h}.encoder_attn.out_proj", f"{s}/attention/linear_2")
    ln(f"{h}.final_layer_norm", f"{s}/ffn/layer_norm")
    lin(f"{h}.fc1", f"{s}/ffn/linear_0"); lin(f"{h}.fc2", f"{s}/ffn/linear_1")
sd["proj_out.weight"] = sd[f"{dd}.embed_tokens.weight"]
missing, unexpected = model.load_state_dict(sd, strict=False)
print("missing:", missing, "unexpected:", unexpected)
assert not unexpected and all(k == "proj_out.weight" for k in missing) or not missing
model.tie_weights()

# generation config
lang_to_id = {k: v for k, v in added.items() if re.fullmatch(r"<\|[a-z]{2,3}\|>", k) and k not in ("<|nocaptions|>",)} if multilingual else None
gen = GenerationConfig(
    decoder_start_token_id=sot, bos_token_id=sot, eos_token_id=eot, pad_token_id=eot,
    max_length=448, suppress_tokens=ct2cfg["suppress_ids"],
    begin_suppress_tokens=ct2cfg["suppress_ids_begin"],
    forced_decoder_ids=forced,
    alignment_heads=ct2cfg["alignment_heads"],
    is_multilingual=multilingual,
    no_timestamps_token_id=notimestamps,
    prev_sot_token_id=added["<|startofprev|>"],
    max_initial_timestamp_index=50,
    return_timestamps=False,
)
if multilingual:
    gen.lang_to_id = lang_to_id
    gen.task_to_id = {"transcribe": added["<|transcribe|>"], "translate": added["<|translate|>"]}
model.generation_config = gen
model.save_pretrained(out, safe_serialization=True)

WhisperFeatureExtractor(feature_size=n_mels).save_pretrained(out)
tk = WhisperTokenizerFast(tokenizer_file=os.path.join(src, "tokenizer.json"),
                          unk_token="<|endoftext|>", bos_token="<|endoftext|>",
                          eos_token="<|endoftext|>", pad_token="<|endoftext|>",
                          model_max_length=1024, predict_timestamps=False,
                          additional_special_tokens=[t["content"] for t in tok["added_tokens"] if t["id"] != eot])
tk.save_pretrained(out)
print("saved", out, os.listdir(out))
