package io.editstream.storage;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same claim-check rules against MinIO, the production object store, in a container. Skipped
 * cleanly where no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ObjectStoreContainerIT extends ObjectStoreChecks {
    // platform-testing's ContainerInfra pins the same image; this module cannot depend on it (it depends on us)
    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");
    static ObjectStore store;

    @BeforeAll
    static void connect() {
        store = ObjectStore.connect(storageOnly(new StorageSettings(MINIO.getS3URL(), MINIO.getUserName(), MINIO.getPassword(),
                "container-bucket", "us-east-1")));
        store.ensureBucket();
    }

    @AfterAll
    static void close() {
        if (store != null) {
            store.close();
        }
    }

    @Override
    protected ObjectStore store() {
        return store;
    }

    @Override
    protected StorageSettings settings() {
        return new StorageSettings(MINIO.getS3URL(), MINIO.getUserName(), MINIO.getPassword(), "container-bucket", "us-east-1");
    }
}
