package io.editstream.simulator;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.editstream.simulator.Edit.Detail;
import io.editstream.simulator.SceneObject.Support;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Words an edit: from the bundled templates ({@code templates.json}: per edit key, several templates
 * for the explicit form, each of the four hypothetical scenarios and the no-change form) it picks one
 * template per form with the seeded generator and fills in the scene's words — the object phrases,
 * side, place, new colour and so on. Every hypothetical template implies the same single change as
 * the explicit one, and every no-change template states something true of the source. A template
 * naming a value the edit does not have is a bug and fails loudly instead of producing "{r}".
 */
public final class Phraser {
    static final String NO_CHANGE = "NO_CHANGE";
    private static final String RESOURCE = "templates.json";
    /** Phrasings never used for training (other templates, vocabulary, voice, typos, distractors, long stories). */
    static final String HELD_OUT_RESOURCE = "heldout-templates.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final Map<String, Map<String, List<String>>> templates;
    private final Map<String, Map<String, List<String>>> heldOut;

    private Phraser(Map<String, Map<String, List<String>>> templates, Map<String, Map<String, List<String>>> heldOut) {
        this.templates = templates;
        this.heldOut = heldOut;
    }

    /** The phraser with the bundled templates, checked to cover every form of every edit key, and the held-out ones. */
    public static Phraser load() {
        List<String> heldOutForms = forms().stream().filter(f -> !f.equals(NO_CHANGE)).toList();
        return new Phraser(read(RESOURCE, forms()), read(HELD_OUT_RESOURCE, heldOutForms));
    }

    private static Map<String, Map<String, List<String>>> read(String resource, List<String> forms) {
        try (InputStream in = Phraser.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("phrase templates " + resource + " are missing from the classpath");
            }
            Map<String, Map<String, List<String>>> templates = new ObjectMapper().readValue(in,
                    new TypeReference<LinkedHashMap<String, Map<String, List<String>>>>() { });
            if (!templates.keySet().equals(new HashSet<>(editKeys()))) {
                throw new IllegalStateException(resource + " must have exactly the keys " + editKeys() + ", has " + templates.keySet());
            }
            for (Map.Entry<String, Map<String, List<String>>> e : templates.entrySet()) {
                for (String form : forms) {
                    if (e.getValue().getOrDefault(form, List.of()).size() < 2) {
                        throw new IllegalStateException(resource + ": key " + e.getKey() + " needs at least two " + form + " templates");
                    }
                }
            }
            return templates;
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource, e);
        }
    }

    /** Every template key an edit can have (see {@link Edit#templateKey()}). */
    public static List<String> editKeys() {
        List<String> keys = new ArrayList<>();
        for (EditType t : EditType.values()) {
            switch (t) {
                case LOCATION_ABSOLUTE -> keys.addAll(List.of(t.task() + "/floor", t.task() + "/table", t.task() + "/end"));
                case ATTRIBUTE_SIZE -> keys.addAll(List.of(t.task() + "/larger", t.task() + "/smaller"));
                default -> keys.add(t.task());
            }
        }
        return keys;
    }

    /** The forms every key has: the five categories and NO_CHANGE. */
    public static List<String> forms() {
        List<String> forms = new ArrayList<>();
        for (Category c : Category.values()) {
            forms.add(c.name());
        }
        forms.add(NO_CHANGE);
        return forms;
    }

    /** The templates of one form of one key, e.g. ("attribute/colour", "PHYSICAL"). */
    public List<String> templates(String key, String form) {
        Map<String, List<String>> forms = templates.get(key);
        if (forms == null) {
            throw new IllegalArgumentException("no phrase templates for edit key " + key);
        }
        return forms.getOrDefault(form, List.of());
    }

    /** The held-out templates of one form of one key (no NO_CHANGE form). */
    public List<String> heldOutTemplates(String key, String form) {
        return heldOut.getOrDefault(key, Map.of()).getOrDefault(form, List.of());
    }

    /**
     * The instruction of {@code category} for {@code edit} in a held-out phrasing, one no training item uses; the
     * caller's generator should be its own, so the training items stay what they were.
     */
    public String heldOut(Scene source, Edit edit, Category category, SplittableRandom random) {
        return fill(Randoms.pick(heldOutTemplates(edit.templateKey(), category.name()), random), words(source, edit));
    }

    /** The explicit, hypothetical and no-change instructions for {@code edit} of {@code source}. */
    public Phrasing phrase(Scene source, Edit edit, SplittableRandom random) {
        Map<String, String> words = words(source, edit);
        String key = edit.templateKey();
        Map<Category, String> hypothetical = new EnumMap<>(Category.class);
        List<String> explicitTemplates = templates(key, Category.EXPLICIT.name());
        String explicit = fill(Randoms.pick(explicitTemplates, random), words);
        String canonical = fill(explicitTemplates.get(0), words);
        for (Category c : Category.hypothetical()) {
            hypothetical.put(c, fill(Randoms.pick(templates(key, c.name()), random), words));
        }
        String noChange = fill(Randoms.pick(templates(key, NO_CHANGE), random), words);
        List<String> objects = new ArrayList<>();
        objects.add(edit.type() == EditType.COUNT_ADD ? edit.changed().get(0).describe()
                : source.object(edit.subjectId()).describe());
        if (edit.referenceId() != Edit.NO_REFERENCE) {
            objects.add(source.object(edit.referenceId()).describe());
        }
        return new Phrasing(explicit, canonical, hypothetical, noChange, objects);
    }

    /** The values templates may name for this edit; names the edit has no value for are absent. */
    static Map<String, String> words(Scene source, Edit edit) {
        Map<String, String> w = new HashMap<>();
        w.put("count", source.countWord());
        if (edit.type() == EditType.COUNT_ADD) {
            w.put("a", article(edit.changed().get(0).describe()));
        } else {
            SceneObject s = source.object(edit.subjectId());
            SceneObject after = edit.changed().isEmpty() ? s : edit.changed().get(0);
            w.put("s", "the " + s.describe());
            w.put("support", s.support().phrase());
            w.put("pose", pose(s));
            w.put("colour", s.colour().word());
            w.put("shape", s.shape().noun());
            w.put("size", s.size().word());
            w.put("new_colour", after.colour().word());
            w.put("new_shape", after.shape().noun());
        }
        if (edit.referenceId() != Edit.NO_REFERENCE) {
            SceneObject r = source.object(edit.referenceId());
            w.put("r", "the " + r.describe());
            w.put("ref_support", r.support().phrase());
            w.put("ref_pose", pose(r));
            if (edit.type() != EditType.COUNT_ADD) {
                w.put("ref_side", EditValidator.side(source.object(edit.subjectId()), r).word());
            }
        }
        if (edit.detail() == Detail.LEFT || edit.detail() == Detail.RIGHT) {
            w.put("side", edit.detail().word());
            if (edit.type() == EditType.LOCATION_ABSOLUTE) {
                boolean table = edit.changed().get(0).support() == Support.TABLE;
                w.put("place", "the " + edit.detail().word() + (table ? " end of the table" : " side of the floor"));
            }
        }
        return w;
    }

    /** The template with its placeholders replaced; a sentence opening with an object phrase is capitalised. */
    static String fill(String template, Map<String, String> words) {
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = words.get(m.group(1));
            if (value == null) {
                throw new IllegalStateException("template \"" + template + "\" names {" + m.group(1) + "}, which this edit has no value for");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        if (template.startsWith("{") && out.length() > 0) {
            out.setCharAt(0, Character.toUpperCase(out.charAt(0)));
        }
        return out.toString();
    }

    private static String pose(SceneObject o) {
        return o.shape() == Shape.BALL ? "as it is" : o.pose().phrase();
    }

    private static String article(String phrase) {
        return ("aeiou".indexOf(phrase.charAt(0)) >= 0 ? "an " : "a ") + phrase;
    }
}
