"""The shared word vocabulary of the simulated table-top world.

One word a line in vocab.txt; ids are line numbers. The four special tokens come first so that
[PAD]=0 [UNK]=1 [BOS]=2 [EOS]=3 in every bundle (WordTokenizer in platform-onnx relies on it).
"""

SPECIAL = ["[PAD]", "[UNK]", "[BOS]", "[EOS]"]

PUNCTUATION = [".", ",", "?", "!", "'", "-", ":", ";"]

COLOURS = ["red", "green", "blue", "yellow", "orange", "purple", "pink", "brown", "black", "white",
           "gray", "grey", "cyan", "magenta", "golden", "silver", "dark", "light", "colour", "color"]

SHAPES = ["ball", "cube", "cylinder", "cone", "ring", "block", "mug", "glass", "book", "sphere",
          "box", "pyramid", "disk", "plate", "bowl", "bottle", "cup", "pen", "pencil", "candle",
          "apple", "banana", "orange", "lamp", "vase", "plant", "leaf", "leaves", "flower", "ice",
          "water", "puddle", "shadow", "paper", "coin", "toy", "car", "tower", "stack", "object",
          "objects", "thing", "things", "shape", "shapes", "piece", "pieces", "table", "floor", "wall",
          "edge", "corner", "surface", "scene", "image", "picture", "background", "light", "sun"]

SIZES = ["small", "large", "big", "tiny", "huge", "tall", "short", "wide", "narrow", "thin",
         "thick", "long", "little", "medium", "size", "bigger", "smaller", "larger", "taller", "half",
         "double", "twice"]

MATERIALS = ["metal", "metallic", "rubber", "wooden", "wood", "plastic", "shiny", "matte", "glass",
             "transparent", "wet", "dry", "melted", "frozen", "broken", "burnt", "empty", "full"]

RELATIONS = ["left", "right", "top", "bottom", "front", "behind", "above", "below", "under", "over",
             "on", "onto", "in", "into", "inside", "outside", "next", "beside", "between", "near",
             "far", "from", "to", "off", "of", "at", "by", "with", "without", "center", "middle",
             "side", "up", "down", "away", "toward", "towards", "across", "around", "against"]

VERBS = ["move", "moved", "moves", "put", "place", "placed", "remove", "removed", "add", "added",
         "turn", "turned", "rotate", "rotated", "fall", "falls", "fell", "fallen", "flip", "flipped",
         "paint", "painted", "enlarge", "enlarged", "shrink", "shrunk", "swap", "swapped", "make",
         "change", "changed", "replace", "replaced", "push", "pushed", "drop", "dropped", "roll",
         "rolled", "slide", "slid", "melt", "melts", "freeze", "break", "breaks", "grow", "grows",
         "spill", "spilled", "tip", "tipped", "knock", "knocked", "lift", "lifted", "stack", "stacked",
         "become", "becomes", "look", "looks", "show", "keep", "leave", "let", "is", "are", "was",
         "were", "be", "been", "has", "have", "had", "will", "do", "does", "happens", "burn", "cut"]

HYPOTHETICAL = ["what", "if", "would", "after", "before", "happen", "hours", "hour", "minutes",
                "days", "later", "pushed", "wind", "gravity", "heat", "sunlight", "rain", "time",
                "when", "then", "until", "while", "suppose", "imagine", "story", "next", "finally",
                "first", "soon", "long", "blows", "blown", "hot", "cold", "warm", "strong", "weak",
                "because", "so", "cause", "result", "effect", "someone", "nobody", "why", "how", "where",
                "which", "who", "once", "again", "still", "now", "ago", "future", "past", "end"]

NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
           "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "24", "45", "90", "180",
           "degrees", "times", "all", "both", "each", "every", "no", "none", "some", "many", "more",
           "less", "most", "few", "only", "other", "another", "same", "different"]

FUNCTION = ["the", "a", "an", "and", "or", "but", "not", "it", "its", "this", "that",
            "these", "those", "there", "here", "they", "them", "their", "as", "than", "like",
            "please", "can", "could", "should", "very", "too", "also", "just", "into", "by", "for",
            "new", "old", "s"]


def words():
    """Specials, punctuation and the world words, de-duplicated in first-seen order."""
    seen, out = set(), []
    for group in (SPECIAL, PUNCTUATION, COLOURS, SHAPES, SIZES, MATERIALS, RELATIONS, VERBS,
                  HYPOTHETICAL, NUMBERS, FUNCTION):
        for w in group:
            if w not in seen:
                seen.add(w)
                out.append(w)
    return out
