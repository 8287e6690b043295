/**
 * Kafka plumbing shared by every stage: the typed topic registry ({@link io.editstream.kafka.Topics}), the
 * Avro single-object serde, topic creation, and the transactional consume → process → produce → commit
 * {@link io.editstream.kafka.StageLoop} with its dead-letter and failed-status rules. No Vert.x types here:
 * the loop owns its thread, so verticles only start and close it.
 */
package io.editstream.kafka;
