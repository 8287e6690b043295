package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Pins the scheduler to values computed independently from diffusers' formulas, with torch 1.13 and
 * numpy on Stable Diffusion's schedule (scaled_linear 0.00085–0.012, 1000 steps, linspace spacing):
 * <pre>
 * betas = torch.linspace(0.00085**0.5, 0.012**0.5, 1000, dtype=torch.float32) ** 2
 * acp = torch.cumprod(1 - betas, 0); train = np.array(((1 - acp) / acp) ** 0.5)
 * ts = np.linspace(0, 999, n)[::-1]; sigmas = np.interp(ts, np.arange(1000), train) ++ [0]
 * step: x0 = s - σ·ε; σ_up = √(σ_to²(σ²−σ_to²)/σ²); σ_down = √(σ_to² − σ_up²); s + (s − x0)/σ·(σ_down − σ)
 * </pre>
 * 14.6146 is also the well-known largest sigma of Stable Diffusion.
 */
class EulerAncestralSchedulerTest {
    private final EulerAncestralScheduler scheduler = new EulerAncestralScheduler(SchedulerConfig.stableDiffusion());

    @Test
    void tenStepsMatchTheReference() {
        float[] timesteps = scheduler.setTimesteps(10);
        assertThat(timesteps).containsExactly(999f, 888f, 777f, 666f, 555f, 444f, 333f, 222f, 111f, 0f);
        float[] expected = {14.614645f, 7.8398848f, 4.6091757f, 2.9183083f, 1.9501623f, 1.3449283f, 0.9323583f,
            0.6249773f, 0.3686585f, 0.029167533f, 0f};
        float[] sigmas = scheduler.sigmas();
        for (int i = 0; i < expected.length; i++) {
            assertThat(sigmas[i]).as("sigma %d", i).isCloseTo(expected[i], within(2e-5f * Math.max(1, expected[i])));
        }
        assertThat(scheduler.initNoiseSigma()).isCloseTo(14.614645f, within(2e-4f));
    }

    @Test
    void twentyStepsInterpolateBetweenTrainingSigmas() {
        float[] timesteps = scheduler.setTimesteps(20);
        assertThat(timesteps[1]).isCloseTo(946.4211f, within(1e-3f));
        assertThat(timesteps[19]).isEqualTo(0f);
        float[] sigmas = scheduler.sigmas();
        assertThat(sigmas[1]).isCloseTo(10.746847f, within(2e-4f));
        assertThat(sigmas[9]).isCloseTo(1.7648251f, within(2e-5f));
        assertThat(sigmas[18]).isCloseTo(0.23216820f, within(2e-6f));
        assertThat(sigmas).hasSize(21);
    }

    @Test
    void oneStepMatchesTheReferencePlusItsAncestralNoise() {
        scheduler.setTimesteps(10);
        float[] sample = {0.5f, -1.25f, 2.0f};
        float[] eps = {0.1f, -0.3f, 0.7f};
        assertThat(scheduler.scaleModelInput(sample, 3)).containsExactly(new float[] {0.16208053f, -0.40520132f, 0.64832211f},
                within(1e-6f));
        float[] next = scheduler.step(eps, 3, sample, new GaussianNoise(7));
        float[] deterministic = {0.33848894f, -0.76546687f, 0.86942279f};
        double sigmaUp = 1.4507957824201063;
        GaussianNoise same = new GaussianNoise(7);
        for (int i = 0; i < 3; i++) {
            assertThat(next[i]).isCloseTo((float) (deterministic[i] + sigmaUp * same.next()), within(2e-5f));
        }
    }

    @Test
    void theLastStepLandsOnThePredictedCleanSample() {
        scheduler.setTimesteps(10);
        float[] sample = {0.2f, -0.4f};
        float[] eps = {0.5f, 0.25f};
        float sigma = scheduler.sigmas()[9];
        float[] next = scheduler.step(eps, 9, sample, new GaussianNoise(1));
        assertThat(next[0]).isCloseTo(0.2f - sigma * 0.5f, within(1e-6f));
        assertThat(next[1]).isCloseTo(-0.4f - sigma * 0.25f, within(1e-6f));
    }

    @Test
    void theSameSeedGivesTheSameNoise() {
        assertThat(new GaussianNoise(42).next(1000)).containsExactly(new GaussianNoise(42).next(1000));
        float[] many = new GaussianNoise(3).next(20000);
        double mean = 0;
        double square = 0;
        for (float v : many) {
            mean += v / many.length;
            square += v * v / many.length;
        }
        assertThat(mean).isCloseTo(0, within(0.03));
        assertThat(square).isCloseTo(1, within(0.04));
    }
}
