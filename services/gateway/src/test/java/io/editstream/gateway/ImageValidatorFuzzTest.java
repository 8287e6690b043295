package io.editstream.gateway;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.editstream.service.ValidationException;

/**
 * Fuzzes the upload validator's image header parsing with the gateway's default limits: whatever the bytes, {@link
 * ImageValidator#validate} accepts the image or throws its {@link ValidationException} (a 4xx with a reason); any other
 * exception, a hang or an out-of-memory is a bug. Most inputs get a PNG or JPEG signature in front and that format's end
 * marker behind, so the fuzzer gets past the magic-byte and truncation checks into ImageIO's header and body decoders.
 * The committed inputs under {@code ImageValidatorFuzzTestInputs/} replay in every test run.
 */
class ImageValidatorFuzzTest {
    private static final byte[] PNG_SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A};
    private static final byte[] PNG_END = {0, 0, 0, 0, 'I', 'E', 'N', 'D', (byte) 0xAE, 0x42, 0x60, (byte) 0x82};
    private static final byte[] JPEG_SIGNATURE = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF};
    private static final byte[] JPEG_END = {(byte) 0xFF, (byte) 0xD9};
    private static final ImageValidator VALIDATOR = new ImageValidator(GatewayConfig.UploadLimits.defaults());

    @FuzzTest(maxDuration = "30s")
    void validateRefusesOnlyWithValidationException(FuzzedDataProvider data) {
        int framing = data.consumeInt(0, 2);
        byte[] body = data.consumeRemainingAsBytes();
        byte[] bytes = switch (framing) {
            case 0 -> concat(PNG_SIGNATURE, body, PNG_END);
            case 1 -> concat(JPEG_SIGNATURE, body, JPEG_END);
            default -> body;
        };
        try {
            ImageValidator.ValidImage image = VALIDATOR.validate("image", bytes);
            if (image.width() <= 0 || image.height() <= 0) {
                throw new AssertionError("accepted an image of " + image.width() + "×" + image.height() + " pixels");
            }
        } catch (ValidationException expected) {
            if (expected.status() < 400 || expected.status() >= 500) {
                throw new AssertionError("refused with " + expected.status() + ", not a 4xx: " + expected.getMessage());
            }
        }
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }
}
