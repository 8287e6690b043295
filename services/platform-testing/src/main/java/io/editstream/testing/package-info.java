/** Test fixtures: shared embedded broker and S3, topic readers, sample images, Testcontainers variants. */
package io.editstream.testing;
