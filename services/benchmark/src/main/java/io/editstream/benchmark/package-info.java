/**
 * Benchmark aggregation and human rating, mounted by the gateway: the per-request fold and its Kafka Streams
 * topology and view, the run summary (means with standard errors, DiscEdit, exact match, balanced score, human
 * judgement) and the statistics behind it (Fleiss' kappa), the rating parser and publisher, and the HTTP routes
 * ({@code /v1/benchmarks/...}, {@code POST /v1/ratings}, the rating page {@code /rate}). The benchmark runner of
 * {@code local} reuses the summary.
 */
package io.editstream.benchmark;
