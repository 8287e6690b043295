package io.editstream.kafka;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the pipeline's topics before any stage produces to them, so producers never wait on (or depend
 * on) broker auto-creation. Idempotent: topics that already exist are left as they are, whatever their
 * partition count, because changing a live topic's partitioning would break key co-partitioning.
 */
public final class TopicAdmin {
    private static final Logger LOG = LoggerFactory.getLogger(TopicAdmin.class);
    private static final long TIMEOUT_SECONDS = 60;

    private TopicAdmin() {
    }

    public static void ensureTopics(KafkaSettings kafka, Collection<String> names, int partitions, short replication) {
        if (partitions < 1 || replication < 1) {
            throw new IllegalArgumentException("partitions and replication must be at least 1, got "
                    + partitions + " and " + replication);
        }
        try (Admin admin = Admin.create(kafka.base())) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String name : Set.copyOf(names)) {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, partitions, replication));
                }
            }
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get(TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    // Another service starting at the same time may have created it first.
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new KafkaException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KafkaException("interrupted while creating topic " + name, e);
                } catch (TimeoutException e) {
                    throw new KafkaException("timed out after " + TIMEOUT_SECONDS + " s creating topic " + name, e);
                }
            });
            LOG.info("created {} topics ({} partitions, replication {}): {}", missing.size(), partitions, replication,
                    missing.stream().map(NewTopic::name).sorted().toList());
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("cannot list topics at " + kafka.bootstrapServers() + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while listing topics", e);
        }
    }
}
