#!/usr/bin/env python3
"""Rebuild src/recognize/frequent_words.txt: the English words frequent
enough (Zipf frequency >= 4.0 in wordfreq's small English list) that, in a
line written all in one case, they are taken for ordinary words and left in
lower case when the line is put in title case (src/recognize/case.rs).

Python standard library only; fetches PyPI wordfreq 3.1.1 (code Apache-2.0,
data CC BY-SA 4.0) with `pip download --no-deps`, or reads an unpacked copy.

    python3 gazetteer/build_frequent_words.py                # fetch and write
    python3 gazetteer/build_frequent_words.py --from DIR     # DIR/py/wordfreq/... already unpacked

Only lowercase words of ASCII letters (and an inner apostrophe) are kept,
one per line, most frequent first; two runs give identical files.
"""

import argparse
import os
import re
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from build import word_zipf  # noqa: E402  (wordfreq's cBpack format, shared)

VERSION = "3.1.1"
MIN_ZIPF = 4.0
OUT = os.path.join(HERE, "..", "src", "recognize", "frequent_words.txt")
WORD = re.compile(r"^[a-z]+(?:'[a-z]+)?$")


def build(root, out):
    zipf = word_zipf(os.path.join(root, "py", "wordfreq", "data", "small_en.msgpack.gz"))
    words = sorted((w for w, z in zipf.items() if z >= MIN_ZIPF and WORD.match(w)),
                   key=lambda w: (-zipf[w], w))
    with open(out, "w", encoding="ascii", newline="\n") as f:
        f.write(f"# English words with Zipf frequency >= {MIN_ZIPF} in wordfreq {VERSION} "
                f"(small_en; data CC BY-SA 4.0), most frequent first.\n")
        f.write(f"# Rebuilt by gazetteer/build_frequent_words.py. {len(words)} words.\n")
        for w in words:
            f.write(w + "\n")
    print(f"{out}: {len(words)} words")


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--from", dest="src", help="folder holding py/wordfreq/ unpacked")
    ap.add_argument("-o", "--out", default=OUT)
    args = ap.parse_args()
    if args.src:
        build(args.src, args.out)
        return
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, "-m", "pip", "download", "--no-deps", "-q",
                        f"wordfreq=={VERSION}", "-d", d], check=True)
        for f in os.listdir(d):
            if f.endswith(".whl"):
                with zipfile.ZipFile(os.path.join(d, f)) as z:
                    z.extractall(os.path.join(d, "py"))
        build(d, args.out)


if __name__ == "__main__":
    main()
