package io.editstream.local.chaos;

import io.editstream.events.EditOptions;
import io.editstream.events.EditRequested;
import io.editstream.events.ImageRef;
import io.editstream.events.RequestContext;
import io.editstream.kafka.KafkaSettings;
import io.editstream.kafka.Topics;
import io.editstream.storage.ObjectKeys;
import io.editstream.storage.ObjectStore;
import io.editstream.storage.StorageSettings;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A client that skips the gateway, as a program in any language may: the image into S3, then
 * {@code EditRequested} onto {@code gateway.edit.requested}. One idempotent producer sends every request once
 * (its own retries are deduplicated by the broker; a send that fails for good is reported, never resent, since
 * a resend could publish a request twice).
 */
final class DirectPublisher implements AutoCloseable {
    /** The tenant of the chaos requests; their images go under its prefix, or the stages would refuse them. */
    private static final String TENANT = "chaos";
    private final ObjectStore store;
    private final KafkaProducer<String, byte[]> producer;

    DirectPublisher(KafkaSettings kafka, StorageSettings storage) {
        this.store = ObjectStore.connect(storage);
        Properties props = kafka.base();
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "60000");
        this.producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /** Stores {@code png} (retrying while S3 is away, up to {@code storeTimeoutMs}), then publishes; returns the id. */
    String publish(byte[] png, int width, int height, String instruction, long seed, long storeTimeoutMs) throws Exception {
        String id = UUID.randomUUID().toString();
        ImageRef source = storeWithRetry(ObjectKeys.source(TENANT, id, "png"), png, width, height, storeTimeoutMs);
        Instant now = Instant.now();
        RequestContext context = RequestContext.newBuilder().setSource(source).setInstruction(instruction)
                .setOptions(EditOptions.newBuilder().setSeed(seed).setSteps(12).build()).setSubmittedAt(now).build();
        EditRequested event = EditRequested.newBuilder().setEventId(UUID.randomUUID().toString()).setRequestId(id)
                .setTenant(TENANT).setOccurredAt(now).setContext(context).build();
        producer.send(new ProducerRecord<>(Topics.EDIT_REQUESTED.name(), id, Topics.EDIT_REQUESTED.serde().encode(event)))
                .get(150, TimeUnit.SECONDS);
        return id;
    }

    private ImageRef storeWithRetry(String key, byte[] png, int width, int height, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (true) {
            try {
                return store.putImage(key, png, "image/png", width, height);
            } catch (RuntimeException e) {
                if (System.currentTimeMillis() > deadline) {
                    throw e;
                }
                Thread.sleep(500);
            }
        }
    }

    @Override
    public void close() {
        producer.close();
        store.close();
    }
}
