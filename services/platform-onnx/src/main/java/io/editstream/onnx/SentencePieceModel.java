package io.editstream.onnx;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The parts of a sentencepiece {@code ModelProto} (sentencepiece_model.proto) a unigram encoder needs,
 * read straight off the protobuf wire format so that no protobuf runtime is needed: the pieces
 * (field 1: piece = 1, score = 2, type = 3), trainer_spec (field 2: model_type = 3, unk_id = 40,
 * bos_id = 41, eos_id = 42, pad_id = 43) and normalizer_spec (field 3: precompiled_charsmap = 2,
 * add_dummy_prefix = 3, remove_extra_whitespaces = 4, escape_whitespaces = 5). Absent fields take the
 * proto's defaults (unk 0, bos 1, eos 2, pad −1; the three flags true).
 */
record SentencePieceModel(List<Piece> pieces, int modelType, int unkId, int bosId, int eosId, int padId,
                          byte[] precompiledCharsMap, boolean addDummyPrefix, boolean removeExtraWhitespaces,
                          boolean escapeWhitespaces) {

    static final int UNIGRAM = 1;

    /** A vocabulary entry; type as sentencepiece numbers it. */
    record Piece(String piece, float score, int type) {
        static final int NORMAL = 1;
        static final int UNKNOWN = 2;
        static final int CONTROL = 3;
        static final int USER_DEFINED = 4;
        static final int UNUSED = 5;
        static final int BYTE = 6;
    }

    /** Parses a serialized ModelProto; {@code source} names the file in the one-line error. */
    static SentencePieceModel parse(byte[] bytes, String source) {
        try {
            return read(new Wire(bytes, 0, bytes.length));
        } catch (IllegalStateException | IndexOutOfBoundsException e) {
            throw new BundleException("sentencepiece model " + source + " is malformed (" + e.getMessage()
                    + "); expected a serialized sentencepiece ModelProto (spiece.model)");
        }
    }

    private static SentencePieceModel read(Wire in) {
        List<Piece> pieces = new ArrayList<>();
        int modelType = UNIGRAM;
        int unk = 0;
        int bos = 1;
        int eos = 2;
        int pad = -1;
        byte[] charsMap = new byte[0];
        boolean dummyPrefix = true;
        boolean removeSpaces = true;
        boolean escapeSpaces = true;
        while (in.more()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 | 2 -> pieces.add(piece(in.message()));
                case 2 << 3 | 2 -> {
                    Wire spec = in.message();
                    while (spec.more()) {
                        int t = spec.tag();
                        switch (t) {
                            case 3 << 3 -> modelType = (int) spec.varint();
                            case 40 << 3 -> unk = (int) spec.varint();
                            case 41 << 3 -> bos = (int) spec.varint();
                            case 42 << 3 -> eos = (int) spec.varint();
                            case 43 << 3 -> pad = (int) spec.varint();
                            default -> spec.skip(t);
                        }
                    }
                }
                case 3 << 3 | 2 -> {
                    Wire spec = in.message();
                    while (spec.more()) {
                        int t = spec.tag();
                        switch (t) {
                            case 2 << 3 | 2 -> charsMap = spec.bytes();
                            case 3 << 3 -> dummyPrefix = spec.varint() != 0;
                            case 4 << 3 -> removeSpaces = spec.varint() != 0;
                            case 5 << 3 -> escapeSpaces = spec.varint() != 0;
                            default -> spec.skip(t);
                        }
                    }
                }
                default -> in.skip(tag);
            }
        }
        if (pieces.isEmpty()) {
            throw new IllegalStateException("no pieces");
        }
        return new SentencePieceModel(List.copyOf(pieces), modelType, unk, bos, eos, pad, charsMap, dummyPrefix,
                removeSpaces, escapeSpaces);
    }

    private static Piece piece(Wire in) {
        String text = null;
        float score = 0;
        int type = Piece.NORMAL;
        while (in.more()) {
            int tag = in.tag();
            switch (tag) {
                case 1 << 3 | 2 -> text = new String(in.bytes(), StandardCharsets.UTF_8);
                case 2 << 3 | 5 -> score = Float.intBitsToFloat(in.fixed32());
                case 3 << 3 -> type = (int) in.varint();
                default -> in.skip(tag);
            }
        }
        if (text == null) {
            throw new IllegalStateException("a piece without its text");
        }
        return new Piece(text, score, type);
    }

    /** A protobuf reader over bytes[from, to). */
    private static final class Wire {
        private final byte[] bytes;
        private final int end;
        private int pos;

        Wire(byte[] bytes, int from, int to) {
            this.bytes = bytes;
            this.pos = from;
            this.end = to;
        }

        boolean more() {
            return pos < end;
        }

        int tag() {
            long tag = varint();
            if (tag <= 0 || tag > Integer.MAX_VALUE) {
                throw new IllegalStateException("bad field tag " + tag + " at byte " + pos);
            }
            return (int) tag;
        }

        /** A varint; negative int32 values are sign-extended to ten bytes on the wire and come back as such. */
        long varint() {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = next();
                value |= (long) (b & 0x7f) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new IllegalStateException("varint longer than ten bytes at byte " + pos);
        }

        int fixed32() {
            int v = (next() & 0xff) | (next() & 0xff) << 8 | (next() & 0xff) << 16 | (next() & 0xff) << 24;
            return v;
        }

        byte[] bytes() {
            int length = length();
            byte[] out = new byte[length];
            System.arraycopy(bytes, pos, out, 0, length);
            pos += length;
            return out;
        }

        Wire message() {
            int length = length();
            Wire inner = new Wire(bytes, pos, pos + length);
            pos += length;
            return inner;
        }

        void skip(int tag) {
            switch (tag & 7) {
                case 0 -> varint();
                case 1 -> advance(8);
                case 2 -> advance(length());
                case 5 -> advance(4);
                default -> throw new IllegalStateException("unsupported wire type " + (tag & 7) + " at byte " + pos);
            }
        }

        private int length() {
            long length = varint();
            if (length < 0 || length > end - pos) {
                throw new IllegalStateException("field length " + length + " past the end at byte " + pos);
            }
            return (int) length;
        }

        private void advance(int n) {
            if (n > end - pos) {
                throw new IllegalStateException("truncated at byte " + pos);
            }
            pos += n;
        }

        private byte next() {
            if (pos >= end) {
                throw new IllegalStateException("truncated at byte " + pos);
            }
            return bytes[pos++];
        }
    }
}
