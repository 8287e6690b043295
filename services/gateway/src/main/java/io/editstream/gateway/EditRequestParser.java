package io.editstream.gateway;

import io.editstream.events.EditOptions;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Turns the text fields of a multipart edit request into an instruction and sampling options,
 * refusing anything unknown or out of range with a reason, so a typo such as {@code step=30} is an
 * error rather than a silently ignored option.
 */
public final class EditRequestParser {
    static final Set<String> TEXT_FIELDS = Set.of("instruction", "steps", "textGuidance", "imageGuidance", "seed",
            "noChangeInstruction", "tenant");
    static final Set<String> FILE_FIELDS = Set.of("image", "reference");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The validated request. */
    public record ParsedRequest(String instruction, EditOptions options, String tenant) {
    }

    private final int maxInstructionChars;

    public EditRequestParser(int maxInstructionChars) {
        this.maxInstructionChars = maxInstructionChars;
    }

    public ParsedRequest parse(Map<String, String> fields, Set<String> files) {
        Set<String> unknown = new TreeSet<>();
        fields.keySet().stream().filter(f -> !TEXT_FIELDS.contains(f)).forEach(unknown::add);
        files.stream().filter(f -> !FILE_FIELDS.contains(f)).forEach(unknown::add);
        if (!unknown.isEmpty()) {
            throw ValidationException.badRequest("unknown_field", "unknown field(s) " + unknown + "; accepted: text "
                    + new TreeSet<>(TEXT_FIELDS) + ", files " + new TreeSet<>(FILE_FIELDS));
        }
        if (!files.contains("image")) {
            throw ValidationException.badRequest("missing_image", "the multipart field 'image' (a PNG or JPEG file) is required");
        }
        String instruction = text(fields, "instruction");
        if (instruction == null) {
            throw ValidationException.badRequest("missing_instruction", "the field 'instruction' is required and must not be blank");
        }
        EditOptions defaults = EditOptions.newBuilder().build();
        EditOptions.Builder options = EditOptions.newBuilder(defaults);
        options.setSteps(intIn(fields, "steps", 1, 150, defaults.getSteps()));
        options.setTextGuidance(floatIn(fields, "textGuidance", 0, 30, defaults.getTextGuidance()));
        options.setImageGuidance(floatIn(fields, "imageGuidance", 0, 30, defaults.getImageGuidance()));
        String seed = text(fields, "seed");
        if (seed != null) {
            try {
                options.setSeed(Long.parseLong(seed));
            } catch (NumberFormatException e) {
                throw ValidationException.badRequest("invalid_option", "seed must be a whole number, got '" + seed + "'");
            }
        }
        String noChange = text(fields, "noChangeInstruction");
        if (noChange != null) {
            options.setNoChangeInstruction(checkedLength("noChangeInstruction", noChange));
        }
        String tenant = text(fields, "tenant");
        if (tenant != null && !TENANT.matcher(tenant).matches()) {
            throw ValidationException.badRequest("invalid_option", "tenant must be 1-64 letters, digits, '-' or '_'");
        }
        return new ParsedRequest(checkedLength("instruction", instruction), options.build(), tenant == null ? "default" : tenant);
    }

    private String checkedLength(String field, String value) {
        if (value.length() > maxInstructionChars) {
            throw ValidationException.badRequest("instruction_too_long", field + " is " + value.length()
                    + " characters; the limit is " + maxInstructionChars);
        }
        return value;
    }

    private static String text(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static int intIn(Map<String, String> fields, String name, int min, int max, int fallback) {
        String value = text(fields, name);
        if (value == null) {
            return fallback;
        }
        try {
            int n = Integer.parseInt(value);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ValidationException.badRequest("invalid_option", name + " must be a whole number from " + min + " to " + max
                + ", got '" + value + "'");
    }

    private static float floatIn(Map<String, String> fields, String name, float min, float max, float fallback) {
        String value = text(fields, name);
        if (value == null) {
            return fallback;
        }
        try {
            float f = Float.parseFloat(value);
            if (f >= min && f <= max) {
                return f;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ValidationException.badRequest("invalid_option", name + " must be a number from " + min + " to " + max
                + ", got '" + value + "'");
    }
}
