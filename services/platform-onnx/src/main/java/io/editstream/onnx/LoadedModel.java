package io.editstream.onnx;

/**
 * A model a stage has loaded from a bundle: its events name it by the bundle's name and version, and its
 * start-up log says which execution provider it got.
 */
public interface LoadedModel extends AutoCloseable {

    /** The bundle the model was loaded from. */
    ModelBundle bundle();

    /** "CUDA" or "CPU". */
    String provider();

    default String modelId() {
        return bundle().name();
    }

    default String modelVersion() {
        return bundle().version();
    }

    @Override
    void close();
}
