package io.editstream.storage;

import io.editstream.events.TensorRef;
import java.nio.ByteBuffer;

/**
 * Whether a tensor travels inside its event or as a claim-check on object storage. A tensor of at most the
 * threshold is carried inline ({@code inline:} plus the key it would have had, so logs and the tenant check still
 * name it): a round trip to storage costs a stage more than the bytes cost the broker. Larger ones, and every
 * tensor when the threshold is 0, go to storage. The URI's scheme decides how a ref is read, so a ref rebuilt
 * with another {@code s3://} URI reads that object whatever bytes it still carries.
 */
public record TensorPlacement(long inlineTensorBytes) {
    public static final String INLINE_SCHEME = "inline:";

    public TensorPlacement {
        if (inlineTensorBytes < 0) {
            throw new IllegalArgumentException("the inline tensor threshold must be 0 (off) or more, is " + inlineTensorBytes);
        }
    }

    /** True when a tensor of {@code sizeBytes} travels in the event. */
    public boolean inline(long sizeBytes) {
        return inlineTensorBytes > 0 && sizeBytes <= inlineTensorBytes;
    }

    public static String inlineUri(String key) {
        return INLINE_SCHEME + key;
    }

    public static boolean isInline(String uri) {
        return uri != null && uri.startsWith(INLINE_SCHEME);
    }

    /** The bytes an inline ref carries, unverified; a ref that says inline but carries none is corrupt. */
    static byte[] carried(TensorRef ref) {
        ByteBuffer inline = ref.getInline();
        if (inline == null) {
            throw new CorruptObjectException(ref.getUri() + " is an inline tensor, but its event carries no bytes");
        }
        // a view, not the backing array: a decoded buffer may sit at an offset in a larger one
        ByteBuffer view = inline.duplicate();
        byte[] bytes = new byte[view.remaining()];
        view.get(bytes);
        return bytes;
    }
}
