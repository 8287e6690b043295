/** Claim-check object storage on any S3-compatible endpoint through the MinIO Java SDK. */
package io.editstream.storage;
