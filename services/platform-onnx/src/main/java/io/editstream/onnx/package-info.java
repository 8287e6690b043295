/**
 * ONNX Runtime plumbing shared by the model stages: {@link io.editstream.onnx.ModelBundle} reads a
 * bundle folder and its manifest, {@link io.editstream.onnx.OnnxModel} runs one graph on CUDA when
 * available (else CPU) with plain Java tensors in and out, {@link io.editstream.onnx.WordTokenizer}
 * and {@link io.editstream.onnx.ImageTensors} do the pre- and post-processing the bundles expect.
 * Nothing here knows about Kafka, Vert.x or storage; no native object escapes a call.
 */
package io.editstream.onnx;
