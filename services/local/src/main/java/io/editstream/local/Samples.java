package io.editstream.local;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The demo's sample requests: {@code samples/samples.json} (an array of {@code {image, instruction,
 * noChangeInstruction?, target?, explicitInstruction?}}, image paths relative to the file), found from
 * the checkout ({@link Home}) upwards. A target (the ground-truth edit) is sent as the reference, so the
 * scorer measures L1/L2 to it; the explicit instruction is what the reasoner should decode.
 */
public final class Samples {

    /** One sample edit request. */
    public record Sample(Path image, String instruction, String noChangeInstruction, Path target, String explicitInstruction) {
        public Sample(Path image, String instruction, String noChangeInstruction) {
            this(image, instruction, noChangeInstruction, null, null);
        }
    }

    public static List<Sample> load(Path file) throws IOException {
        JsonArray items = new JsonArray(Files.readString(file));
        List<Sample> samples = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonObject item = items.getJsonObject(i);
            Path image = file.getParent().resolve(item.getString("image"));
            if (!Files.isRegularFile(image)) {
                throw new IOException("sample " + i + " of " + file + ": image " + image + " does not exist");
            }
            Path target = item.getString("target") == null ? null : file.getParent().resolve(item.getString("target"));
            if (target != null && !Files.isRegularFile(target)) {
                throw new IOException("sample " + i + " of " + file + ": target " + target + " does not exist");
            }
            samples.add(new Sample(image, item.getString("instruction"), item.getString("noChangeInstruction"), target,
                    item.getString("explicitInstruction")));
        }
        return samples;
    }

    /** {@code samples/samples.json} in the checkout ({@link Home}) or the nearest parent that has one. */
    public static Path locate() throws IOException {
        Path home = Home.locate();
        for (Path dir = home; dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("samples").resolve("samples.json");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IOException("samples/samples.json not found from " + home
                + " upwards; set " + Home.VARIABLE + " to the EditStream checkout or pass --image and --instruction");
    }
}
