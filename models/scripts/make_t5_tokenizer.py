#!/usr/bin/python3
"""Build a tiny T5 tokenizer folder (SentencePiece unigram) and the ids the sentencepiece library gives.

    /usr/bin/python3 models/scripts/make_t5_tokenizer.py           # writes models/fixtures/flux-kontext-tiny/tokenizer_2/
    /usr/bin/python3 models/scripts/make_t5_tokenizer.py --out DIR # and models/fixtures/reference/t5-tokenizer.json

What FLUX.1 Kontext's tokenizer_2/ holds, in miniature:
  spiece.model              a unigram ModelProto trained here with T5's settings (pad 0, eos 1, unk 2, no bos,
                            add_dummy_prefix, remove_extra_whitespaces), 700 pieces
  tokenizer.json            what transformers' T5Converter writes for it: Precompiled + Replace(" {2,}") normalizer,
                            Metaspace pre-tokenizer, Unigram model (pieces, then <extra_id_99..0>), "$A </s>"
  tokenizer_config.json     T5TokenizerFast's (model_max_length 512, extra_ids 100)
  special_tokens_map.json
The normalization rules are nmt_nfkc's (read out of sentencepiece's own compiled table) restricted to the
Unicode blocks the reference texts use: the full table is 237 KB and would dominate the fixture, while
the restricted one is compiled into the very same double-array format. main() checks that every
reference text gives the same ids under the full nmt_nfkc table.

Deterministic: the corpus is built from vocab.py with a seeded random.Random, training runs on one thread
over the whole corpus in order (no sampling, no shuffling) and nothing path-dependent enters the model.
make_kontext_fixture.py imports write_tokenizer(out_dir).
"""
import argparse
import base64
import io
import json
import random
import struct
import tempfile
from pathlib import Path

import sentencepiece as spm
from sentencepiece import sentencepiece_model_pb2 as model_pb2

import vocab

VOCAB_SIZE, EXTRA_IDS, MAX_LENGTH, SHORT_LENGTH = 700, 100, 512, 16
PAD, EOS, UNK = "<pad>", "</s>", "<unk>"
# Unicode blocks whose nmt_nfkc rules are kept: Latin, combining marks, general punctuation and spaces,
# letter-like and number forms, enclosed alphanumerics, ▁ itself (→ " "), CJK symbols (ideographic space), ligatures, full-width.
KEPT_BLOCKS = [(0x0000, 0x036F), (0x2000, 0x206F), (0x2100, 0x218F), (0x2460, 0x24FF), (0x2581, 0x2581),
               (0x3000, 0x303F),
               (0xFB00, 0xFB4F), (0xFF00, 0xFFEF)]

PEOPLE = ["man", "woman", "child", "girl", "boy", "person", "people", "chef", "painter", "grandmother",
          "student", "friend", "waiter"]
WEARS = ["hat", "scarf", "jacket", "dress", "shirt", "glasses", "apron", "gloves", "coat"]
BODY = ["hand", "hands", "hair", "face", "smile", "arm", "shoulder", "lap"]
ACTIONS = ["hold", "lift", "push", "paint", "drop", "move", "flip", "stack", "rotate", "replace"]
PAST = ["moved", "melted", "fell", "rolled", "tipped", "burnt", "froze", "broke", "spilled", "slid"]
TIMES = ["minutes", "hours", "days", "seconds", "weeks"]
EXTRA = ["café", "crème", "naïve", "façade", "résumé"]   # so é, è, ï, ç are pieces; ü is left uncovered
# the remaining letters and most ASCII punctuation become pieces too; { } ~ ` | \\ stay unknown, as { and }
# are missing from T5's own vocabulary
ODDS = ["a quick jar of squash", "zigzag x-ray wax jug",
        "(left) [right] \"quoted\" #1 @home 50% & more: a/b * c + d = e < f > g ^ h_i $5"]


def corpus():
    """The world's words, then edit instructions about table-top scenes and people, seeded."""
    rng = random.Random(20240611)
    words = [w for w in vocab.words() if not w.startswith("[")]
    nouns = vocab.SHAPES
    lines = [" ".join(words[i:i + 12]) for i in range(0, len(words), 12)] + ODDS * 3
    templates = [
        "{V} the {c} {s} {r} the {s2}.",
        "What would happen if the {s} {p} {r} the {s2}?",
        "Make the {h} hold the {z} {m} {s}.",
        "Change the colour of the {s} to {c}, please.",
        "Imagine the {h} {v}s the {s} after {n} {t}.",
        "Turn the {s} {d} degrees and place it {r} the {h}.",
        "Give the {h} a {c} {w} and put a {s} in their {b}.",
        "Let the {h} at the table {v} the {z} {s}; keep the {s2} {c}.",
        "Show the scene {n} {t} later: the {s} has {p}.",
        "Remove the {s} from the {h}'s {b} and add {d} {s2}s.",
        "The {h} wearing a {c} {w} sits {r} the {m} {s2}.",
        "Put the {x} cup {r} the {c} {s}!",
    ]
    for i in range(2400):
        t = templates[i % len(templates)]
        line = t.format(V=rng.choice(ACTIONS).capitalize(), v=rng.choice(ACTIONS), c=rng.choice(vocab.COLOURS),
                        s=rng.choice(nouns), s2=rng.choice(nouns), r=rng.choice(vocab.RELATIONS),
                        p=rng.choice(PAST), h=rng.choice(PEOPLE), z=rng.choice(vocab.SIZES),
                        m=rng.choice(vocab.MATERIALS), n=rng.choice(vocab.NUMBERS[:22]), t=rng.choice(TIMES),
                        d=rng.choice(["2", "3", "12", "45", "90", "180"]), w=rng.choice(WEARS), b=rng.choice(BODY),
                        x=rng.choice(EXTRA))
        lines.append(line if i % 5 else line.upper() if i % 10 == 0 else line.lower())
    return lines


def nmt_nfkc_table():
    """sentencepiece's compiled nmt_nfkc charsmap, taken from a throwaway model."""
    out = io.BytesIO()
    spm.SentencePieceTrainer.train(sentence_iterator=iter(["a b c"] * 20), model_writer=out, vocab_size=8,
                                   model_type="unigram", normalization_rule_name="nmt_nfkc",
                                   hard_vocab_limit=False, num_threads=1, minloglevel=2)
    proto = model_pb2.ModelProto()
    proto.ParseFromString(out.getvalue())
    return proto.normalizer_spec.precompiled_charsmap


def charsmap_rules(blob):
    """Every (source bytes → normalized bytes) rule of a precompiled charsmap: a uint32 trie size, a Darts
    double-array trie over UTF-8 bytes whose leaves point into a blob of NUL-terminated replacements."""
    size = struct.unpack("<I", blob[:4])[0]
    units = struct.unpack("<%dI" % (size // 4), blob[4:4 + size])
    strings = blob[4 + size:]

    def offset(u):
        return (u >> 10) << ((u & (1 << 9)) >> 6)

    rules, stack = {}, [(0, b"")]
    while stack:
        pos, key = stack.pop()
        base = pos ^ offset(units[pos])
        for byte in range(1, 256):
            child = base ^ byte
            if child < len(units) and units[child] & ((1 << 31) | 0xFF) == byte:
                if (units[child] >> 8) & 1:
                    value = units[child ^ offset(units[child])] & ((1 << 31) - 1)
                    rules[key + bytes([byte])] = strings[value:strings.index(b"\0", value)]
                stack.append((child, key + bytes([byte])))
    return rules


def kept(text):
    """Single characters of KEPT_BLOCKS, and a Latin letter with one combining mark (e + U+0301 → é)."""
    inside = all(any(lo <= ord(ch) <= hi for lo, hi in KEPT_BLOCKS) for ch in text)
    return inside and (len(text) == 1 or (len(text) == 2 and ord(text[0]) < 0x250))


def subset_tsv(full):
    """nmt_nfkc's rules within KEPT_BLOCKS as a normalization_rule_tsv: source and target code points in hex."""
    lines = []
    for src, dst in sorted(charsmap_rules(full).items()):
        s, d = src.decode("utf-8"), dst.decode("utf-8")
        if kept(s):
            lines.append(" ".join("%X" % ord(ch) for ch in s) + "\t" + " ".join("%X" % ord(ch) for ch in d))
    return "\n".join(lines) + "\n"


def train(full_table):
    with tempfile.TemporaryDirectory() as tmp:
        tsv = Path(tmp) / "rules.tsv"
        tsv.write_text(subset_tsv(full_table), encoding="utf-8")
        out = io.BytesIO()
        spm.SentencePieceTrainer.train(
            sentence_iterator=iter(corpus()), model_writer=out, model_type="unigram", vocab_size=VOCAB_SIZE,
            pad_id=0, eos_id=1, unk_id=2, bos_id=-1, normalization_rule_tsv=str(tsv), add_dummy_prefix=True,
            remove_extra_whitespaces=True, character_coverage=1.0, num_threads=1, input_sentence_size=0,
            shuffle_input_sentence=False, seed_sentencepiece_size=100000, minloglevel=2)
    proto = model_pb2.ModelProto()
    proto.ParseFromString(out.getvalue())
    proto.normalizer_spec.name = "nmt_nfkc_subset"
    proto.normalizer_spec.ClearField("normalization_rule_tsv")   # the temporary path
    return proto


def write_json(path, obj):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(obj, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


def added_token(id_, content):
    return {"id": id_, "content": content, "single_word": False, "lstrip": False, "rstrip": False,
            "normalized": False, "special": True}


def tokenizer_json(proto):
    """transformers' T5Converter output (tokenizers 0.15 field names) for this model."""
    pieces = [[p.piece, p.score] for p in proto.pieces]
    n = len(pieces)
    # T5Tokenizer numbers <extra_id_i> as len(sp) - 1 + extra_ids - i: the last one comes first
    extras = [f"<extra_id_{i}>" for i in range(EXTRA_IDS - 1, -1, -1)]
    specials = [added_token(proto.trainer_spec.pad_id, PAD), added_token(proto.trainer_spec.eos_id, EOS),
                added_token(proto.trainer_spec.unk_id, UNK)]
    metaspace = {"type": "Metaspace", "replacement": "\u2581", "add_prefix_space": True, "prepend_scheme": "always"}
    eos_id = proto.trainer_spec.eos_id
    return {
        "version": "1.0", "truncation": None, "padding": None,
        "added_tokens": sorted(specials, key=lambda t: t["id"]) + [added_token(n + k, t) for k, t in enumerate(extras)],
        "normalizer": {"type": "Sequence", "normalizers": [
            {"type": "Precompiled",
             "precompiled_charsmap": base64.b64encode(proto.normalizer_spec.precompiled_charsmap).decode("ascii")},
            {"type": "Replace", "pattern": {"Regex": " {2,}"}, "content": " "}]},
        "pre_tokenizer": metaspace,
        "post_processor": {
            "type": "TemplateProcessing",
            "single": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}}],
            "pair": [{"Sequence": {"id": "A", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}},
                     {"Sequence": {"id": "B", "type_id": 0}}, {"SpecialToken": {"id": EOS, "type_id": 0}}],
            "special_tokens": {EOS: {"id": EOS, "ids": [eos_id], "tokens": [EOS]}}},
        "decoder": metaspace,
        "model": {"type": "Unigram", "unk_id": proto.trainer_spec.unk_id,
                  "vocab": pieces + [[t, 0.0] for t in extras], "byte_fallback": False},
    }


def write_tokenizer(out_dir: Path):
    """Writes spiece.model, tokenizer.json, tokenizer_config.json and special_tokens_map.json into out_dir;
    returns the vocabulary size with the extra ids (what the text encoder's embedding must cover)."""
    proto = train(nmt_nfkc_table())
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "spiece.model").write_bytes(proto.SerializeToString())
    (out_dir / "tokenizer.json").write_text(json.dumps(tokenizer_json(proto), ensure_ascii=False) + "\n",
                                            encoding="utf-8")
    extras = [f"<extra_id_{i}>" for i in range(EXTRA_IDS)]
    special = {"additional_special_tokens": extras, "eos_token": EOS, "pad_token": PAD, "unk_token": UNK}
    write_json(out_dir / "special_tokens_map.json", special)
    write_json(out_dir / "tokenizer_config.json", dict(special, extra_ids=EXTRA_IDS, legacy=True,
                                                       model_max_length=MAX_LENGTH, sp_model_kwargs={},
                                                       tokenizer_class="T5Tokenizer"))
    return len(proto.pieces) + EXTRA_IDS


def reference_texts():
    long_text = " ".join(f"Move the {c} cube {n} steps to the left of the ball, then rotate it."
                         for c, n in zip(vocab.COLOURS * 2, range(26)))   # 620 ids
    return [
        "Move the red cube to the left of the blue ball.",
        "What would happen if the ice melted after two hours?",
        "Make the woman hold a yellow cup.",
        "Give the chef a green apron and put a bowl in their hands.",
        "PUT THE GREEN BOTTLE ON THE TABLE",
        "ALL CAPS SHOUTING!!!",
        "CamelCaseWordsLikeThis",
        "Rotate the book 90 degrees.",
        "Add 3 apples, 12 coins and 180 pens!",
        "1234567890 and 3.14159",
        "Is the mug (left) behind the vase; or not?",
        "The man's hat \u2014 should it be \"red\"? [yes] {no} #1 @home 50% & more...",
        "snake_case-and/slashes\\back|pipe~tilde`tick",
        "Place the caf\u00e9 cup next to the cr\u00e8me bowl.",
        "Make the m\u00fcsli bowl \u00fcber-blue.",
        "e\u0301 composed from a combining accent",
        "\uff46\uff55\uff4c\uff4c \uff57\uff49\uff44\uff54\uff48 \uff23\uff35\uff22\uff25\uff11\uff12",
        "\ufb01ll the \ufb02ask",
        "Turn the \u2153 glass \u00bd full, \u2460 then \u216b",
        "Tab\tseparated\twords",
        "line one\nline two\r\nline three",
        "multiple    spaces   between words",
        "   leading spaces",
        "trailing spaces   ",
        "  \t  both  \n ",
        "   ",
        "Non\u00a0breaking\u2003spaces and zero\u200bwidth",
        "a",
        "zebra xylophone quokka",
        "Photosynthesis thermodynamics juxtaposition",
        "Make the ball \U0001F534 and add \U0001F34E\U0001F34F",
        "\u628a\u7ea2\u8272\u7684\u7403\u79fb\u5230\u5de6\u8fb9",
        "Replace <extra_id_0> with the cube",
        "<extra_id_0>",
        "<extra_id_1><extra_id_10> and <extra_id_99>.",
        "a </s> inside the text and <pad><unk>",
        "<extra_id_100> is not a token",
        "\u2581already\u2581metaspace",
        "",
        long_text,
    ]


def split_added(text, literals):
    """transformers' added-token split: leftmost, longest literal first; the rest goes to sentencepiece."""
    out, start, i = [], 0, 0
    while i < len(text):
        hit = max((t for t in literals if text.startswith(t, i)), key=len, default=None)
        if hit is None:
            i += 1
            continue
        out += [text[start:i], hit]
        start = i = i + len(hit)
    return out + [text[start:]]


def reference_ids(sp, text, literals):
    """slow T5Tokenizer (legacy): sentencepiece on each stretch between added tokens, then </s>."""
    ids = []
    for part in split_added(text, literals):
        ids += [literals[part]] if part in literals else sp.encode(part)
    return ids + [sp.eos_id()]


def padded(ids, length, pad, eos):
    """tokenizer(text, padding="max_length", max_length=length, truncation=True)."""
    content = ids[:-1][:length - 1] + [eos]
    return content + [pad] * (length - len(content))


def references(model_dir, full_table):
    proto = model_pb2.ModelProto()
    proto.ParseFromString((model_dir / "spiece.model").read_bytes())
    sp = spm.SentencePieceProcessor(model_proto=proto.SerializeToString())
    proto.normalizer_spec.precompiled_charsmap = full_table
    sp_full = spm.SentencePieceProcessor(model_proto=proto.SerializeToString())
    n = sp.get_piece_size()
    literals = {PAD: sp.pad_id(), EOS: sp.eos_id(), UNK: sp.unk_id()}
    literals.update({f"<extra_id_{i}>": n - 1 + EXTRA_IDS - i for i in range(EXTRA_IDS)})
    cases = []
    for text in reference_texts():
        ids = reference_ids(sp, text, literals)
        if ids != reference_ids(sp_full, text, literals):
            raise SystemExit(f"the restricted charsmap changes the ids of {text!r}")
        pieces = [sp.id_to_piece(i) if i < n else "<extra>" for i in ids] if len(ids) < 64 else None  # for reading
        cases.append({"text": text, "pieces": pieces, "ids": ids,
                      f"max_length_{SHORT_LENGTH}": padded(ids, SHORT_LENGTH, sp.pad_id(), sp.eos_id()),
                      f"max_length_{MAX_LENGTH}": padded(ids, MAX_LENGTH, sp.pad_id(), sp.eos_id())})
    return {"generator": "models/scripts/make_t5_tokenizer.py", "sentencepiece": spm.__version__,
            "pad_id": sp.pad_id(), "eos_id": sp.eos_id(), "unk_id": sp.unk_id(), "vocab_size": n + EXTRA_IDS,
            "cases": cases}


def main():
    repo = Path(__file__).resolve().parent.parent.parent
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=repo / "models" / "fixtures" / "flux-kontext-tiny" / "tokenizer_2")
    parser.add_argument("--reference", type=Path, default=repo / "models" / "fixtures" / "reference" / "t5-tokenizer.json")
    args = parser.parse_args()
    vocab_size = write_tokenizer(args.out)
    refs = references(args.out, nmt_nfkc_table())
    # one case a line: the 512-long padded lists would otherwise take a line per id
    body = ",\n".join("    " + json.dumps(c, ensure_ascii=False, separators=(",", ":")) for c in refs.pop("cases"))
    head = json.dumps(refs, indent=2, ensure_ascii=False)[:-2]
    args.reference.parent.mkdir(parents=True, exist_ok=True)
    args.reference.write_text(head + ',\n  "cases": [\n' + body + "\n  ]\n}\n", encoding="utf-8")
    size = sum(f.stat().st_size for f in args.out.iterdir())
    print(f"{args.out}: {vocab_size} ids, {size / 1e3:.1f} KB; {args.reference}: {args.reference.stat().st_size / 1e3:.1f} KB")


if __name__ == "__main__":
    main()
