package io.editstream.local;

import io.editstream.client.EditClient;
import java.nio.file.Files;
import java.util.Map;

/** Submits one of the bundled sample scenes with its instruction, as the end-to-end tests do. */
final class SampleRequests {
    private SampleRequests() {
    }

    /** Sample {@code index} (0–3) through {@code client}, with extra form {@code fields} (steps, seed…). */
    static EditClient.Submission submit(EditClient client, int index, Map<String, String> fields) throws Exception {
        Samples.Sample sample = Samples.load(Samples.locate()).get(index);
        return client.submit(Files.readAllBytes(sample.image()), "scene.png", sample.instruction(), fields);
    }
}
