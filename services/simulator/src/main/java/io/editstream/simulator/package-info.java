/**
 * The EditStream scene simulator: seeded 2D scenes of objects on a table and floor
 * ({@link io.editstream.simulator.SceneSampler}, {@link io.editstream.simulator.SceneRenderer}), exactly-one-change
 * edits after Kubric-Edit ({@link io.editstream.simulator.Edit}, {@link io.editstream.simulator.EditProposer}),
 * explicit and hypothetical instructions ({@link io.editstream.simulator.Phraser}) and leak-free dataset splits
 * written in AURORA-Bench and ReasonBrain formats ({@link io.editstream.simulator.DatasetWriter}); the
 * {@code simulate} command is {@link io.editstream.simulator.SimulatorCli}. Plain Java (AWT imaging, Jackson,
 * picocli): no Kafka, Vert.x or native code.
 */
package io.editstream.simulator;
