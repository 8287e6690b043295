"""CLIP's byte-level BPE pieces that the fixture builder (make_optimum_fixture.py, which trains merges) and the
reference tokenizer (clip_reference.py, which applies them) must agree on: one copy, so they cannot drift."""


def byte_chars():
    """GPT-2 / CLIP bytes_to_unicode, in byte order."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars, n = [], 0
    for b in range(256):
        if b in printable:
            chars.append(chr(b))
        else:
            chars.append(chr(256 + n))
            n += 1
    return chars


def merge_pair(word, pair):
    """The symbols of `word` with every adjacent occurrence of `pair` merged into one, left to right."""
    merged, i = [], 0
    while i < len(word):
        if i < len(word) - 1 and (word[i], word[i + 1]) == pair:
            merged.append(word[i] + word[i + 1])
            i += 2
        else:
            merged.append(word[i])
            i += 1
    return merged
