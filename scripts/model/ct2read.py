"""Minimal reader for CTranslate2 model.bin (binary version 5/6)."""
import struct, sys
import numpy as np

DT = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16, 5: "bfloat16"}

def read_ct2(path):
    with open(path, "rb") as f:
        data = f.read()
    off = 0
    def u(fmt):
        nonlocal off
        v = struct.unpack_from(fmt, data, off)
        off += struct.calcsize(fmt)
        return v[0]
    def s():
        nonlocal off
        n = u("<H")
        b = data[off:off + n]
        off += n
        return b.rstrip(b"\0").decode()
    version = u("<I")
    spec = s() if version >= 2 else None
    revision = u("<I") if version >= 2 else None
    nvar = u("<I")
    vars_ = {}
    for _ in range(nvar):
        name = s()
        rank = u("<B")
        shape = tuple(u("<I") for _ in range(rank))
        if version >= 4:
            dt = u("<B")
            nbytes = u("<I")
        else:
            raise RuntimeError("old version")
        buf = data[off:off + nbytes]
        off += nbytes
        t = DT[dt]
        if t == "bfloat16":
            a = np.frombuffer(buf, dtype=np.uint16).astype(np.uint32) << 16
            a = a.view(np.float32)
        else:
            a = np.frombuffer(buf, dtype=t)
        vars_[name] = a.reshape(shape) if shape else a
    aliases = {}
    if version >= 3:
        nal = u("<I")
        for _ in range(nal):
            a = s(); v = s()
            aliases[a] = v
    assert off == len(data), (off, len(data))
    return dict(version=version, spec=spec, revision=revision, vars=vars_, aliases=aliases)

if __name__ == "__main__":
    m = read_ct2(sys.argv[1])
    print(m["version"], m["spec"], m["revision"], len(m["vars"]), m["aliases"])
    for k, v in m["vars"].items():
        if not k.split("/")[1:2] or "layer_" not in k or "layer_0/" in k:
            print(k, v.dtype, v.shape)
