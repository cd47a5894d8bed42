#!/usr/bin/env python3
"""An independent BagIt 1.0 checker (RFC 8493), written from the RFC
without reading Accord's Go, so that a bag Accord writes is shown valid by
code that shares nothing with its writer. Standard library only.

Usage: bagcheck.py BAG   (a folder, or a .zip); exit 0 when valid, else 1
with one line per problem, naming the file.
"""
import hashlib, os, sys, unicodedata, zipfile

ALGS = {"sha512": hashlib.sha512, "sha256": hashlib.sha256}


def files_of(bag):
    if os.path.isdir(bag):
        out = {}
        for root, _, names in os.walk(bag):
            for n in names:
                full = os.path.join(root, n)
                rel = os.path.relpath(full, bag).replace(os.sep, "/")
                out[rel] = lambda full=full: open(full, "rb")
        return out
    z = zipfile.ZipFile(bag)
    return {i.filename: (lambda i=i: z.open(i)) for i in z.infolist() if not i.filename.endswith("/")}


def digest(opener, alg):
    h = ALGS[alg]()
    size = 0
    with opener() as f:
        while True:
            b = f.read(1 << 20)
            if not b:
                return h.hexdigest(), size
            h.update(b)
            size += len(b)


def decode(p):
    return p.replace("%0A", "\n").replace("%0D", "\r").replace("%25", "%")


def main(bag):
    problems = []
    files = files_of(bag)
    for n in files:
        parts = n.split("/")
        if n.startswith(("/", "~")) or ".." in parts:
            problems.append(f"{n}: a path outside the bag")
    if "bagit.txt" not in files:
        return [f"bagit.txt: missing"]
    with files["bagit.txt"]() as f:
        decl = f.read().decode("utf-8")
    if decl.splitlines() != ["BagIt-Version: 1.0", "Tag-File-Character-Encoding: UTF-8"]:
        problems.append("bagit.txt: not a BagIt 1.0 declaration")
    nfc = {unicodedata.normalize("NFC", n): n for n in files}
    payload_listed = {}
    payload_manifests = [n for n in files if n.startswith("manifest-") and n.endswith(".txt")]
    if not payload_manifests:
        problems.append("manifest-*.txt: no payload manifest")
    for m in sorted(n for n in files if "/" not in n and n.endswith(".txt") and n.split("-")[0] in ("manifest", "tagmanifest")):
        alg = m.split("-", 1)[1][:-4]
        if alg not in ALGS:
            continue
        with files[m]() as f:
            lines = f.read().decode("utf-8").splitlines()
        for line in lines:
            if not line.strip():
                continue
            sum_, _, path = line.partition(" ")
            path = decode(path.lstrip(" \t"))
            if path.startswith(("/", "~")) or ".." in path.split("/"):
                problems.append(f"{m}: {path} is outside the bag")
                continue
            name = path if path in files else nfc.get(unicodedata.normalize("NFC", path))
            if name is None:
                problems.append(f"{path}: listed in {m} but missing")
                continue
            got, _ = digest(files[name], alg)
            if got.lower() != sum_.lower():
                problems.append(f"{name}: {alg} mismatch with {m}")
            if m.startswith("manifest-"):
                payload_listed.setdefault(name, set()).add(m)
    octets = count = 0
    for n in files:
        if n.startswith("data/"):
            count += 1
            octets += digest(files[n], "sha256")[1]
            if len(payload_listed.get(n, ())) != len(payload_manifests):
                problems.append(f"{n}: in the payload but not in every payload manifest")
    if "bag-info.txt" in files:
        with files["bag-info.txt"]() as f:
            for line in f.read().decode("utf-8").splitlines():
                if line.startswith("Payload-Oxum:"):
                    if line.split(":", 1)[1].strip() != f"{octets}.{count}":
                        problems.append(f"bag-info.txt: Payload-Oxum is not {octets}.{count}")
    return problems


if __name__ == "__main__":
    ps = main(sys.argv[1])
    for p in ps:
        print(p)
    if not ps:
        print(f"{sys.argv[1]} is a valid BagIt 1.0 bag")
    sys.exit(1 if ps else 0)
