package io.editstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.editstream.service.ValidationException;
import io.editstream.testing.SampleImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32;
import javax.imageio.ImageIO;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every way an upload can be refused, each with its status, code and reason; and the uploads that pass. */
class UploadValidatorTest {
    private static final GatewayConfig.UploadLimits LIMITS = GatewayConfig.UploadLimits.defaults();
    private final UploadValidator validator = new UploadValidator(LIMITS);
    private final byte[] goodPng = SampleImages.scenePng(64, 48, 1);

    @TempDir
    Path dir;

    private Path file(String name, byte[] bytes) throws Exception {
        return Files.write(dir.resolve(name), bytes);
    }

    private UploadValidator.ValidUpload upload(byte[] image, Map<String, String> fields) throws Exception {
        return validator.validate(fields, Map.of("image", file("upload.png", image)));
    }

    private static void refused(ThrowingCallable call, int status, String code, String reasonPart) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.code()).isEqualTo(code);
            assertThat(e.getMessage()).contains(reasonPart);
        });
    }

    @Test
    void acceptsPngAndJpegWithTheirSizeAndAReference() throws Exception {
        byte[] jpeg = encode(SampleImages.scene(40, 30, 2), "jpeg");
        UploadValidator.ValidUpload ok = validator.validate(Map.of("instruction", " make it snow ", "steps", "30"),
                Map.of("image", file("a.png", goodPng), "reference", file("b.jpg", jpeg)));
        assertThat(ok.request().instruction()).isEqualTo("make it snow");
        assertThat(ok.request().options().getSteps()).isEqualTo(30);
        assertThat(ok.source().info()).isEqualTo(new ImageValidator.ValidImage("png", "image/png", "png", 64, 48));
        assertThat(ok.source().bytes()).isEqualTo(goodPng);
        assertThat(ok.reference().info()).isEqualTo(new ImageValidator.ValidImage("jpeg", "image/jpeg", "jpg", 40, 30));
        assertThat(upload(jpeg, Map.of("instruction", "x")).reference()).isNull();
    }

    @Test
    void refusesWhatIsNotAnImageOrIsEmpty() {
        refused(() -> upload("hello, I am text".getBytes(), Map.of("instruction", "x")), 415, "unsupported_media_type", "not an image");
        refused(() -> upload(new byte[0], Map.of("instruction", "x")), 400, "empty_image", "empty");
    }

    @Test
    void refusesGifAndBmpByTheirMagicBytesEvenWhenNamedPng() throws Exception {
        refused(() -> upload(encode(SampleImages.scene(16, 16, 3), "gif"), Map.of("instruction", "x")), 415,
                "unsupported_media_type", "GIF image; send PNG or JPEG");
        refused(() -> upload(encode(SampleImages.scene(16, 16, 3), "bmp"), Map.of("instruction", "x")), 415,
                "unsupported_media_type", "BMP");
    }

    @Test
    void refusesTruncatedAndCorruptImages() throws Exception {
        byte[] jpeg = encode(SampleImages.scene(64, 64, 4), "jpeg");
        refused(() -> upload(Arrays.copyOf(goodPng, goodPng.length - 20), Map.of("instruction", "x")), 400, "truncated_image", "IEND");
        refused(() -> upload(Arrays.copyOf(jpeg, jpeg.length / 2), Map.of("instruction", "x")), 400, "truncated_image", "JPEG");
        byte[] corrupt = goodPng.clone();
        for (int i = 60; i < corrupt.length - 20; i++) {
            corrupt[i] = (byte) 0x55;   // scrambled pixel data between an intact header and an intact IEND
        }
        refused(() -> upload(corrupt, Map.of("instruction", "x")), 400, "corrupt_image", "cannot be decoded");
    }

    @Test
    void refusesFilesOverTheByteLimitBeforeReadingThem() throws Exception {
        UploadValidator small = new UploadValidator(new GatewayConfig.UploadLimits(1000, 4096, 4096, 4096L * 4096, 500));
        byte[] big = SampleImages.scenePng(256, 256, 6);
        assertThat(big.length).isGreaterThan(1000);
        Path file = file("big.png", big);
        refused(() -> small.validate(Map.of("instruction", "x"), Map.of("image", file)), 413, "image_too_large",
                big.length + " bytes; the limit is 1000 bytes");
    }

    @Test
    void refusesOverLimitDimensionsAndDecompressionBombsFromTheHeader() throws Exception {
        UploadValidator narrow = new UploadValidator(new GatewayConfig.UploadLimits(LIMITS.maxUploadBytes(), 100, 100, 5000, 500));
        Path wide = file("wide.png", SampleImages.scenePng(128, 32, 7));
        refused(() -> narrow.validate(Map.of("instruction", "x"), Map.of("image", wide)), 413, "image_too_large", "128×32");
        Path square = file("square.png", SampleImages.scenePng(80, 80, 7));   // each side fits, 6400 pixels do not
        refused(() -> narrow.validate(Map.of("instruction", "x"), Map.of("image", square)), 413, "image_too_large", "5000 pixels");
        // 100 000 × 100 000 declared by a 70-byte file: decoding it would need 30 GB
        byte[] bomb = pngDeclaring(100_000, 100_000);
        assertThat(bomb.length).isLessThan(100);
        long t0 = System.nanoTime();
        refused(() -> upload(bomb, Map.of("instruction", "x")), 413, "image_too_large", "100000×100000");
        assertThat(System.nanoTime() - t0).as("refused without decoding").isLessThan(2_000_000_000L);
    }

    @Test
    void refusesAMissingEmptyOrOverLongInstruction() throws Exception {
        refused(() -> upload(goodPng, Map.of()), 400, "missing_instruction", "instruction");
        refused(() -> upload(goodPng, Map.of("instruction", "   ")), 400, "missing_instruction", "must not be blank");
        refused(() -> upload(goodPng, Map.of("instruction", "y".repeat(501))), 400, "instruction_too_long",
                "501 characters; the limit is 500");
        assertThat(upload(goodPng, Map.of("instruction", "y".repeat(500))).request().instruction()).hasSize(500);
    }

    @Test
    void refusesUnknownFieldsAndOutOfRangeOptions() throws Exception {
        refused(() -> upload(goodPng, Map.of("instruction", "x", "strength", "0.4")), 400, "unknown_field", "[strength]");
        Path mask = file("mask.png", goodPng);
        refused(() -> validator.validate(Map.of("instruction", "x"), Map.of("image", mask, "mask", mask)), 400,
                "unknown_field", "[mask]");
        refused(() -> validator.validate(Map.of("instruction", "x"), Map.of()), 400, "missing_image", "'image'");
        refused(() -> upload(goodPng, Map.of("instruction", "x", "steps", "0")), 400, "invalid_option", "steps must be a whole number from 1 to 150");
        refused(() -> upload(goodPng, Map.of("instruction", "x", "steps", "151")), 400, "invalid_option", "'151'");
        refused(() -> upload(goodPng, Map.of("instruction", "x", "textGuidance", "30.5")), 400, "invalid_option", "textGuidance");
        refused(() -> upload(goodPng, Map.of("instruction", "x", "imageGuidance", "-1")), 400, "invalid_option", "imageGuidance");
        refused(() -> upload(goodPng, Map.of("instruction", "x", "seed", "1.5")), 400, "invalid_option", "seed");
        var edge = upload(goodPng, Map.of("instruction", "x", "steps", "150", "textGuidance", "30", "imageGuidance", "0",
                "seed", String.valueOf(Long.MIN_VALUE)));
        assertThat(edge.request().options().getSteps()).isEqualTo(150);
        assertThat(edge.request().options().getSeed()).isEqualTo(Long.MIN_VALUE);
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
