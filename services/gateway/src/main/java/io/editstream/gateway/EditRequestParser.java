package io.editstream.gateway;

import io.editstream.benchmark.RatingParser;
import io.editstream.events.BenchmarkTag;
import io.editstream.events.EditOptions;
import io.editstream.service.ValidationException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Turns the text fields of a multipart edit request into an instruction and sampling options,
 * refusing anything unknown or out of range with a reason, so a typo such as {@code step=30} is an
 * error rather than a silently ignored option.
 */
public final class EditRequestParser {
    static final Set<String> TEXT_FIELDS = Set.of("instruction", "steps", "textGuidance", "imageGuidance", "seed",
            "noChangeInstruction", "tenant", "benchmarkRun", "benchmarkItem", "benchmarkTask", "benchmarkCategory",
            "benchmarkVariant", "modelTag", "targetText");
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9_.:/-]{1,100}");
    static final Set<String> FILE_FIELDS = Set.of("image", "reference");
    private static final Pattern TENANT = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    /** The validated request; {@code benchmark} is null unless it is an item of a benchmark run. */
    public record ParsedRequest(String instruction, EditOptions options, String tenant, BenchmarkTag benchmark) {
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
        // absent scales stay null: the renderer then uses its model's recommended ones
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
        return new ParsedRequest(checkedLength("instruction", instruction), options.build(), tenant == null ? "default" : tenant,
                benchmark(fields));
    }

    /** The benchmark fields: none, or a run id and an item id at least (the runner sends them all). */
    private BenchmarkTag benchmark(Map<String, String> fields) {
        String run = text(fields, "benchmarkRun");
        if (run == null) {
            for (String f : fields.keySet()) {
                if ((f.startsWith("benchmark") || f.equals("modelTag") || f.equals("targetText")) && text(fields, f) != null) {
                    throw ValidationException.badRequest("invalid_option", f + " needs benchmarkRun");
                }
            }
            return null;
        }
        if (!RatingParser.RUN.matcher(run).matches()) {
            throw ValidationException.badRequest("invalid_option", "benchmarkRun must be 1-64 letters, digits, '.', '-' or '_'");
        }
        String item = text(fields, "benchmarkItem");
        if (item == null || !LABEL.matcher(item).matches()) {
            throw ValidationException.badRequest("invalid_option", "benchmarkItem (1-100 letters, digits, '.:/-_') is required with benchmarkRun");
        }
        String variant = text(fields, "benchmarkVariant");
        if (variant != null && !variant.equals("edit") && !variant.equals("no_change")) {
            throw ValidationException.badRequest("invalid_option", "benchmarkVariant must be edit or no_change, got '" + variant + "'");
        }
        String target = text(fields, "targetText");
        return BenchmarkTag.newBuilder().setRun(run).setItem(item)
                .setTask(label(fields, "benchmarkTask")).setCategory(label(fields, "benchmarkCategory"))
                .setVariant(variant == null ? "edit" : variant).setModelTag(label(fields, "modelTag"))
                .setTargetText(target == null ? null : checkedLength("targetText", target)).build();
    }

    private static String label(Map<String, String> fields, String name) {
        String value = text(fields, name);
        if (value == null) {
            return "";
        }
        if (!LABEL.matcher(value).matches()) {
            throw ValidationException.badRequest("invalid_option", name + " must be 1-100 letters, digits or '.:/-_', got '" + value + "'");
        }
        return value;
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
        // strip, not trim: trim also drops control characters that isBlank counts as text, so "\u0001" became ""
        return value == null || value.isBlank() ? null : value.strip();
    }

    private static int intIn(Map<String, String> fields, String name, int min, int max, int fallback) {
        return numberIn(fields, name, Integer::valueOf, min, max, fallback, "a whole number");
    }

    private static Float floatIn(Map<String, String> fields, String name, float min, float max, Float fallback) {
        return numberIn(fields, name, Float::valueOf, min, max, fallback, "a number");
    }

    /** The field parsed and within [min, max], the fallback when absent, else a 400 naming the accepted range. */
    private static <N extends Comparable<N>> N numberIn(Map<String, String> fields, String name, Function<String, N> parse,
                                                        N min, N max, N fallback, String kind) {
        String value = text(fields, name);
        if (value == null) {
            return fallback;
        }
        try {
            N n = parse.apply(value);
            if (n.compareTo(min) >= 0 && n.compareTo(max) <= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below with the accepted range
        }
        throw ValidationException.badRequest("invalid_option", name + " must be " + kind + " from " + min + " to " + max
                + ", got '" + value + "'");
    }
}
