package io.editstream.gateway;

import io.editstream.service.ValidationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Decides whether a multipart edit request may enter the pipeline, before anything is stored or
 * published. Cheap checks come first: the form fields (known names only, instruction present and at
 * most {@code maxInstructionChars}, options in range: steps 1..150, guidance 0..30, seed any long), then
 * each file's size on disk, then its type by magic bytes ({@value #ACCEPTED} only, whatever the file
 * name says), its dimensions from the header alone (so a decompression bomb is refused undecoded), and
 * finally a full decode that catches truncated and corrupt files. Every refusal is a
 * {@link ValidationException} carrying its HTTP status (400, 413 or 415), a stable code and a reason.
 */
public final class UploadValidator {
    /** The image types the pipeline takes, by content. */
    public static final String ACCEPTED = "PNG and JPEG";
    public static final List<String> ACCEPTED_CONTENT_TYPES = List.of("image/png", "image/jpeg");

    /** An image that passed every check: its bytes and what they are. */
    public record Image(byte[] bytes, ImageValidator.ValidImage info) {
    }

    /** A request that passed every check; {@code reference} (a benchmark's ground truth) may be null. */
    public record ValidUpload(EditRequestParser.ParsedRequest request, Image source, Image reference) {
    }

    private final GatewayConfig.UploadLimits limits;
    private final ImageValidator images;
    private final EditRequestParser fields;

    public UploadValidator(GatewayConfig.UploadLimits limits) {
        this.limits = limits;
        this.images = new ImageValidator(limits);
        this.fields = new EditRequestParser(limits.maxInstructionChars());
    }

    /**
     * Validates the text fields and the uploaded files (field name → file on disk).
     *
     * @throws ValidationException naming the first problem found
     */
    public ValidUpload validate(Map<String, String> textFields, Map<String, Path> files) {
        EditRequestParser.ParsedRequest request = fields.parse(textFields, files.keySet());
        Image source = image("image", files.get("image"));
        Image reference = files.containsKey("reference") ? image("reference", files.get("reference")) : null;
        return new ValidUpload(request, source, reference);
    }

    /** A form that names a field twice is ambiguous; the API refuses it rather than guess which one counts. */
    public static ValidationException duplicateField(String name) {
        return ValidationException.badRequest("duplicate_field", "the field '" + name + "' was sent more than once");
    }

    private Image image(String field, Path file) {
        try {
            long size = Files.size(file);
            // refused before reading, so an oversized upload never sits in memory
            if (size > limits.maxUploadBytes()) {
                throw new ValidationException(413, "image_too_large", field + " is " + size + " bytes; the limit is "
                        + limits.maxUploadBytes() + " bytes");
            }
            byte[] bytes = Files.readAllBytes(file);
            return new Image(bytes, images.validate(field, bytes));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the uploaded " + field + ": " + e.getMessage(), e);
        }
    }
}
