package io.editstream.onnx;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * SentencePiece's normalizer (normalizer.cc): a precompiled charsmap — the table behind nmt_nfkc, as
 * {@code normalizer_spec.precompiled_charsmap} of a spiece.model or the base64 {@code precompiled_charsmap}
 * of tokenizers' {@code Precompiled} normalizer — plus the whitespace handling around it.
 * <p>
 * The blob is a little-endian uint32 byte size of a Darts double-array trie over UTF-8 bytes, the trie's
 * uint32 units, then NUL-terminated replacement strings the leaves point into. At each position the
 * longest matching source is replaced; bytes no rule covers pass through one UTF-8 character at a time.
 */
final class PrecompiledCharsMap {
    /** No rules: text passes unchanged (a model with normalization_rule_name "identity"). */
    static final PrecompiledCharsMap IDENTITY = new PrecompiledCharsMap(new int[0], new byte[0]);
    private static final byte[] SPACE_SYMBOL = "\u2581".getBytes(StandardCharsets.UTF_8);

    private final int[] units;
    private final byte[] strings;

    private PrecompiledCharsMap(int[] units, byte[] strings) {
        this.units = units;
        this.strings = strings;
    }

    /** Parses a precompiled charsmap; an empty one is the identity. {@code source} names the file in errors. */
    static PrecompiledCharsMap parse(byte[] blob, String source) {
        if (blob.length == 0) {
            return IDENTITY;
        }
        ByteBuffer buffer = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
        long trieSize = blob.length >= 4 ? Integer.toUnsignedLong(buffer.getInt()) : -1;
        if (trieSize < 4 || trieSize % 4 != 0 || trieSize > blob.length - 4L) {
            throw new BundleException("precompiled charsmap of " + source + " is malformed: trie size " + trieSize
                    + " in a " + blob.length + "-byte blob; expected a uint32 size, a double-array trie and its strings");
        }
        int[] units = new int[(int) (trieSize / 4)];
        buffer.asIntBuffer().get(units);
        byte[] strings = new byte[blob.length - 4 - (int) trieSize];
        System.arraycopy(blob, 4 + (int) trieSize, strings, 0, strings.length);
        return new PrecompiledCharsMap(units, strings);
    }

    /**
     * SentencePiece's Normalize: rules applied; with {@code removeExtraWhitespaces}, leading spaces skipped,
     * runs of spaces (after the rules, which turn tabs and newlines into spaces) collapsed and trailing ones
     * dropped; every space written as ▁, and one ▁ prepended with {@code addDummyPrefix} unless nothing is left.
     */
    String normalize(String text, boolean addDummyPrefix, boolean removeExtraWhitespaces) {
        byte[] in = text.getBytes(StandardCharsets.UTF_8);
        int pos = 0;
        if (removeExtraWhitespaces) {
            while (pos < in.length) {
                long m = match(in, pos);
                if (!isSingleSpace(in, pos, m)) {
                    break;
                }
                pos += consumed(m);
            }
        }
        if (pos == in.length) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(in.length * 3 / 2 + 4);
        if (addDummyPrefix) {
            out.writeBytes(SPACE_SYMBOL);
        }
        boolean previousSpace = removeExtraWhitespaces;
        while (pos < in.length) {
            long m = match(in, pos);
            byte[] source = replaced(m) ? strings : in;
            int from = replaced(m) ? replacement(m) : pos;
            int to = replaced(m) ? end(from) : pos + consumed(m);
            if (previousSpace) {
                while (from < to && source[from] == ' ') {
                    from++;
                }
            }
            if (from < to) {
                for (int i = from; i < to; i++) {
                    if (source[i] == ' ') {
                        out.writeBytes(SPACE_SYMBOL);
                    } else {
                        out.write(source[i]);
                    }
                }
                previousSpace = source[to - 1] == ' ';
            }
            pos += consumed(m);
            if (!removeExtraWhitespaces) {
                previousSpace = false;
            }
        }
        byte[] bytes = out.toByteArray();
        int length = bytes.length;
        while (removeExtraWhitespaces && length >= SPACE_SYMBOL.length && endsWithSpaceSymbol(bytes, length)) {
            length -= SPACE_SYMBOL.length;
        }
        return new String(bytes, 0, length, StandardCharsets.UTF_8);
    }

    // A match packs (bytes consumed << 32) | (replacement offset + 1), the low half 0 when no rule applied.
    private static int consumed(long match) {
        return (int) (match >>> 32);
    }

    private static boolean replaced(long match) {
        return (int) match != 0;
    }

    private static int replacement(long match) {
        return (int) match - 1;
    }

    /** The longest rule at {@code pos} (Darts commonPrefixSearch), else one UTF-8 character unchanged. */
    private long match(byte[] in, int pos) {
        int longest = 0;
        int value = -1;
        if (units.length > 0) {
            int node = offset(units[0]);
            for (int i = pos; i < in.length; i++) {
                int label = in[i] & 0xff;
                node ^= label;
                if (node >= units.length || label(units[node]) != label) {
                    break;
                }
                boolean leaf = hasLeaf(units[node]);
                node ^= offset(units[node]);
                if (leaf && node < units.length) {
                    longest = i + 1 - pos;
                    value = units[node] & 0x7fffffff;
                }
            }
        }
        if (longest > 0 && value < strings.length) {
            return ((long) longest << 32) | (value + 1L);
        }
        return (long) Math.min(utf8Length(in[pos]), in.length - pos) << 32;
    }

    private boolean isSingleSpace(byte[] in, int pos, long m) {
        if (replaced(m)) {
            int from = replacement(m);
            return end(from) == from + 1 && strings[from] == ' ';
        }
        return consumed(m) == 1 && in[pos] == ' ';
    }

    /** The end of the NUL-terminated replacement starting at {@code from}. */
    private int end(int from) {
        int i = from;
        while (i < strings.length && strings[i] != 0) {
            i++;
        }
        return i;
    }

    private static boolean endsWithSpaceSymbol(byte[] bytes, int length) {
        for (int i = 0; i < SPACE_SYMBOL.length; i++) {
            if (bytes[length - SPACE_SYMBOL.length + i] != SPACE_SYMBOL[i]) {
                return false;
            }
        }
        return true;
    }

    /** Darts unit layout: label in bits 0–7 (bit 31 set on value units), has-leaf bit 8, offset above bit 10. */
    private static int label(int unit) {
        return unit & (0x80000000 | 0xff);
    }

    private static boolean hasLeaf(int unit) {
        return ((unit >>> 8) & 1) == 1;
    }

    private static int offset(int unit) {
        return (unit >>> 10) << ((unit & (1 << 9)) >>> 6);
    }

    /** Bytes in the UTF-8 character led by {@code lead}; a stray continuation byte counts as one. */
    private static int utf8Length(byte lead) {
        int b = lead & 0xff;
        return b < 0xc0 ? 1 : b < 0xe0 ? 2 : b < 0xf0 ? 3 : 4;
    }
}
