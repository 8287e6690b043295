package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.testing.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class ImageValidatorTest {
    private final ImageValidator validator = new ImageValidator(GatewayConfig.UploadLimits.defaults());

    @Test
    void acceptsPngAndJpegWithTheirSize() throws Exception {
        var png = validator.validate("image", SampleImages.scenePng(64, 48, 1));
        assertThat(png).isEqualTo(new ImageValidator.ValidImage("png", "image/png", "png", 64, 48));
        var jpeg = validator.validate("image", encode(SampleImages.scene(40, 30, 2), "jpeg"));
        assertThat(jpeg.contentType()).isEqualTo("image/jpeg");
        assertThat(jpeg.width()).isEqualTo(40);
    }

    @Test
    void refusesWhatIsNotAnImage() {
        assertThatThrownBy(() -> validator.validate("image", "hello, I am text".getBytes()))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(415);
                    assertThat(e.getMessage()).contains("not an image");
                });
        assertThatThrownBy(() -> validator.validate("image", new byte[0]))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo("empty_image"));
    }

    @Test
    void refusesUnsupportedTypesByMagicBytesWhateverTheirName() throws Exception {
        byte[] gif = encode(SampleImages.scene(16, 16, 3), "gif");
        byte[] bmp = encode(SampleImages.scene(16, 16, 3), "bmp");
        assertThatThrownBy(() -> validator.validate("image", gif)).hasMessageContaining("GIF")
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.status()).isEqualTo(415));
        assertThatThrownBy(() -> validator.validate("image", bmp)).hasMessageContaining("BMP");
    }

    @Test
    void refusesTruncatedPngAndJpeg() throws Exception {
        byte[] png = SampleImages.scenePng(64, 64, 4);
        byte[] jpeg = encode(SampleImages.scene(64, 64, 4), "jpeg");
        assertThatThrownBy(() -> validator.validate("image", Arrays.copyOf(png, png.length - 20)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo("truncated_image"));
        assertThatThrownBy(() -> validator.validate("image", Arrays.copyOf(jpeg, jpeg.length / 2)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo("truncated_image"));
    }

    @Test
    void refusesACorruptBodyEvenWhenHeaderAndEndLookRight() throws Exception {
        byte[] png = SampleImages.scenePng(64, 64, 5);
        byte[] corrupt = png.clone();
        for (int i = 60; i < corrupt.length - 20; i++) {
            corrupt[i] = (byte) 0x55;   // scramble the compressed data, keep signature, IHDR and IEND
        }
        assertThatThrownBy(() -> validator.validate("image", corrupt))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.code()).isEqualTo("corrupt_image"));
    }

    @Test
    void refusesOversizedFilesAndPixelCountsBeforeDecoding() {
        ImageValidator small = new ImageValidator(new GatewayConfig.UploadLimits(1000, 4096, 4096, 4096L * 4096, 500));
        byte[] big = SampleImages.scenePng(256, 256, 6);
        assertThat(big.length).isGreaterThan(1000);
        assertThatThrownBy(() -> small.validate("image", big))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.status()).isEqualTo(413));
        // a 100 000 × 100 000 PNG header on a tiny file: a decompression bomb, refused from the header alone
        byte[] bomb = pngDeclaring(100_000, 100_000);
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> validator.validate("image", bomb))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.status()).isEqualTo(413);
                    assertThat(e.getMessage()).contains("100000×100000");
                });
        assertThat(System.nanoTime() - t0).as("refused without decoding").isLessThan(2_000_000_000L);
    }

    static byte[] encode(BufferedImage image, String format) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertThat(ImageIO.write(image, format, out)).isTrue();
        return out.toByteArray();
    }

    /** A syntactically valid PNG whose IHDR declares the given size, with one tiny IDAT and IEND. */
    static byte[] pngDeclaring(int width, int height) {
        ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 8).put((byte) 2)
                .put((byte) 0).put((byte) 0).put((byte) 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A});
        chunk(out, "IHDR", ihdr.array());
        chunk(out, "IDAT", new byte[] {0x78, (byte) 0x9C, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01});
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        byte[] typeBytes = type.getBytes();
        out.writeBytes(typeBytes);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(typeBytes);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
