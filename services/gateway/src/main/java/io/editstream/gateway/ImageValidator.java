package io.editstream.gateway;

import io.editstream.service.ValidationException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Decides whether uploaded bytes are an image the pipeline can take. The type comes from the magic
 * bytes (never the file name); a file that stops before its format's end marker is truncated; the size
 * limits are checked from the header alone, so a small file
 * declaring a huge canvas (a decompression bomb) is refused before a single pixel is decoded; only then
 * is the image decoded in full, which catches truncated and corrupt files.
 */
public final class ImageValidator {
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PNG_IEND = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};

    /** An accepted image: its format, MIME type and size in pixels. */
    public record ValidImage(String format, String contentType, String extension, int width, int height) {
    }

    private final GatewayConfig.UploadLimits limits;

    public ImageValidator(GatewayConfig.UploadLimits limits) {
        this.limits = limits;
    }

    public ValidImage validate(String field, byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            throw ValidationException.badRequest("empty_image", field + " is empty");
        }
        if (bytes.length > limits.maxUploadBytes()) {
            throw new ValidationException(413, "image_too_large", field + " is " + bytes.length + " bytes; the limit is "
                    + limits.maxUploadBytes() + " bytes");
        }
        String format = sniff(bytes);
        if (format == null) {
            String other = otherKnownType(bytes);
            throw new ValidationException(415, "unsupported_media_type", other != null
                    ? field + " is a " + other + " image; send PNG or JPEG"
                    : field + " is not an image (its first bytes match no known image type); send PNG or JPEG");
        }
        requireComplete(field, format, bytes);
        int[] size = headerSize(field, format, bytes);
        if (size[0] > limits.maxWidth() || size[1] > limits.maxHeight() || (long) size[0] * size[1] > limits.maxPixels()) {
            throw new ValidationException(413, "image_too_large", field + " is " + size[0] + "×" + size[1]
                    + " pixels; the limit is " + limits.maxWidth() + "×" + limits.maxHeight() + " and " + limits.maxPixels()
                    + " pixels in all (checked before decoding)");
        }
        decodeFully(field, format, bytes);
        return format.equals("png")
                ? new ValidImage("png", "image/png", "png", size[0], size[1])
                : new ValidImage("jpeg", "image/jpeg", "jpg", size[0], size[1]);
    }

    static String sniff(byte[] bytes) {
        if (startsWith(bytes, PNG)) {
            return "png";
        }
        if (startsWith(bytes, JPEG)) {
            return "jpeg";
        }
        return null;
    }

    private static String otherKnownType(byte[] b) {
        if (startsWith(b, "GIF8".getBytes())) {
            return "GIF";
        }
        if (startsWith(b, "BM".getBytes())) {
            return "BMP";
        }
        if (startsWith(b, "RIFF".getBytes()) && b.length > 12 && new String(b, 8, 4).equals("WEBP")) {
            return "WebP";
        }
        if (startsWith(b, new byte[] {'I', 'I', 42, 0}) || startsWith(b, new byte[] {'M', 'M', 0, 42})) {
            return "TIFF";
        }
        return null;
    }

    private static int[] headerSize(String field, String format, byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(format);
            try {
                reader.setInput(in, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw ValidationException.badRequest("corrupt_image", field + " has an unreadable " + format.toUpperCase()
                    + " header: " + e.getMessage());
        }
    }

    /** A PNG ends with its IEND chunk and a JPEG with the EOI marker; anything shorter was cut off. */
    private static void requireComplete(String field, String format, byte[] bytes) {
        boolean complete = format.equals("png")
                ? endsWith(bytes, PNG_IEND)
                : lastNonZero(bytes) >= 1 && bytes[lastNonZero(bytes) - 1] == (byte) 0xFF && bytes[lastNonZero(bytes)] == (byte) 0xD9;
        if (!complete) {
            throw ValidationException.badRequest("truncated_image", field + " is a truncated " + format.toUpperCase()
                    + " (the file ends before its " + (format.equals("png") ? "IEND chunk" : "end-of-image marker") + ")");
        }
    }

    private static void decodeFully(String field, String format, byte[] bytes) {
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(bytes))) {
            ImageReader reader = reader(format);
            try {
                reader.setInput(in, true, true);
                reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            throw ValidationException.badRequest("corrupt_image", field + " cannot be decoded as "
                    + format.toUpperCase() + ": " + e.getMessage());
        }
    }

    private static ImageReader reader(String format) {
        Iterator<ImageReader> readers = ImageIO.getImageReadersByFormatName(format);
        if (!readers.hasNext()) {
            throw new IllegalStateException("no ImageIO reader for " + format);
        }
        return readers.next();
    }

    private static int lastNonZero(byte[] b) {
        int i = b.length - 1;
        while (i > 0 && b[i] == 0) {
            i--;
        }
        return i;
    }

    private static boolean startsWith(byte[] b, byte[] prefix) {
        return b.length >= prefix.length && Arrays.equals(b, 0, prefix.length, prefix, 0, prefix.length);
    }

    private static boolean endsWith(byte[] b, byte[] suffix) {
        return b.length >= suffix.length && Arrays.equals(b, b.length - suffix.length, b.length, suffix, 0, suffix.length);
    }
}
