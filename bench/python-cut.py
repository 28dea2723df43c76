"""The peer: a whole process of Python jieba (what a researcher would otherwise
script) with fazhi's user dictionary, cutting every line of the corpus.

    python3 bench/python-cut.py CORPUS_DIR USER_DICT

Prints the number of tokens. Comment lines of the user dictionary are left
out: jieba would read them as words.
"""
import os
import sys
import tempfile

import jieba

corpus, user_dict = sys.argv[1], sys.argv[2]
jieba.setLogLevel(60)
with open(user_dict, encoding="utf-8") as f:
    entries = [l for l in f.read().splitlines() if l.strip() and not l.startswith("#")]
with tempfile.NamedTemporaryFile("w", suffix=".txt", encoding="utf-8", delete=False) as tmp:
    tmp.write("\n".join(entries) + "\n")
jieba.load_userdict(tmp.name)
os.unlink(tmp.name)
tokens = 0
for sub in sorted(os.listdir(corpus)):
    for name in sorted(os.listdir(os.path.join(corpus, sub))):
        with open(os.path.join(corpus, sub, name), encoding="utf-8") as f:
            for line in f.read().split("\n"):
                if line:
                    tokens += sum(1 for _ in jieba.cut(line, HMM=True))
print(tokens)
