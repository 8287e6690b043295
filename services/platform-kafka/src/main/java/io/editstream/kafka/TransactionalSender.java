package io.editstream.kafka;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerGroupMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop's transactional producer (idempotent, acks=all, see {@link StageClients#newTransactionalId}). One
 * commit sends a pending batch and its input offsets atomically. After a failure the transaction is aborted;
 * if the producer cannot abort (it was fenced or hit a fatal error) it is replaced by a new one (a new
 * transactional id for a dynamic member), retrying while the broker is unreachable rather than letting the stage die.
 */
final class TransactionalSender implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalSender.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final StageLoopConfig cfg;
    private final BooleanSupplier running;
    private KafkaProducer<byte[], byte[]> producer;
    private String transactionalId;

    TransactionalSender(StageLoopConfig cfg, BooleanSupplier running) {
        this.cfg = cfg;
        this.running = running;
        open();
    }

    String transactionalId() {
        return transactionalId;
    }

    /** Sends the batch's records and offsets in one transaction; a KafkaException means nothing was committed. */
    void commit(PendingCommit pending, ConsumerGroupMetadata group) {
        AtomicReference<Exception> sendError = new AtomicReference<>();
        try {
            producer.beginTransaction();
            for (ProducerRecord<byte[], byte[]> record : pending.records()) {
                // Send errors also surface in commitTransaction; the callback keeps the root cause for the log.
                producer.send(record, (metadata, e) -> {
                    if (e != null) {
                        sendError.compareAndSet(null, e);
                    }
                });
            }
            producer.sendOffsetsToTransaction(pending.offsets(), group);
            producer.commitTransaction();
        } catch (KafkaException e) {
            Exception cause = sendError.get();
            throw cause == null ? e : new KafkaException(e.getMessage() + " (first send failure: " + cause + ")", e);
        }
    }

    /** Leaves the producer ready for a new transaction after a failed one. */
    void recover() throws InterruptedException {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailed) {
            LOG.warn("stage {} producer {} cannot abort ({}); replacing it", cfg.service(), transactionalId,
                    abortFailed.toString());
            closeQuietly();
            while (true) {
                try {
                    open();
                    break;
                } catch (KafkaException openFailed) {
                    if (!running.getAsBoolean()) {
                        throw openFailed;
                    }
                    LOG.warn("stage {} cannot start a producer yet ({}); retrying", cfg.service(), openFailed.toString());
                    Thread.sleep(Math.max(cfg.retryBackoff().toMillis(), 100));
                }
            }
        }
        // Back off so a persistent broker-side failure does not spin the loop.
        Thread.sleep(cfg.retryBackoff().toMillis());
    }

    @Override
    public void close() {
        closeQuietly();
    }

    private void open() {
        transactionalId = StageClients.newTransactionalId(cfg);
        KafkaProducer<byte[], byte[]> fresh = new KafkaProducer<>(StageClients.producer(cfg, transactionalId));
        try {
            fresh.initTransactions();
        } catch (KafkaException e) {
            fresh.close(Duration.ZERO);
            throw e;
        }
        producer = fresh;
        LOG.debug("stage {} transactional producer {} ready", cfg.service(), transactionalId);
    }

    private void closeQuietly() {
        if (producer == null) {
            return;
        }
        try {
            producer.close(CLOSE_TIMEOUT);
        } catch (KafkaException e) {
            LOG.debug("stage {} producer {} did not close cleanly: {}", cfg.service(), transactionalId, e.toString());
        }
        producer = null;
    }
}
