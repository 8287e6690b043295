/**
 * Benchmark aggregation without Vert.x types: the per-request fold and its Kafka Streams topology, the
 * run summary (means with standard errors, DiscEdit, exact match, balanced score, human judgement) and
 * the statistics behind it (Fleiss' kappa). The gateway serves it; the benchmark runner reuses it.
 */
package io.editstream.gateway.benchmark;
