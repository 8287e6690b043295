/** Embedded infrastructure for local mode and tests: an in-JVM KRaft Kafka broker and an S3Proxy endpoint. */
package io.editstream.embedded;
