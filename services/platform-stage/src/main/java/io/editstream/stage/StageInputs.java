package io.editstream.stage;

import io.editstream.events.ImageRef;
import io.editstream.kafka.RejectedInputException;
import io.editstream.onnx.ImageTensors;
import io.editstream.storage.CorruptObjectException;
import io.editstream.storage.MissingObjectException;
import io.editstream.storage.ObjectStore;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * What every stage handler does with its inputs and outputs alike: an image named by a claim-check that
 * is missing, corrupt or not an image makes the request hopeless and becomes a rejection (dead-lettered,
 * not retried); an output's event id is derived from stage and request, so a reprocessed request yields
 * the same id and consumers can drop the duplicate.
 */
public final class StageInputs {
    private StageInputs() {
    }

    /** Reads and decodes the image; {@code role} (source, output, reference) names it in the rejection. */
    public static BufferedImage image(ObjectStore store, ImageRef ref, String role, String requestId) {
        try {
            return ImageTensors.decode(store.getImage(ref));
        } catch (MissingObjectException | CorruptObjectException | IllegalArgumentException e) {
            throw new RejectedInputException("request " + requestId + ": " + role + " image " + ref.getUri()
                    + " is unusable: " + e.getMessage(), e);
        }
    }

    public static String eventId(String stage, String requestId) {
        return UUID.nameUUIDFromBytes((stage + "/" + requestId).getBytes(StandardCharsets.UTF_8)).toString();
    }
}
