package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins Euler, DDIM and DPM-Solver++(2M) to numbers computed independently from diffusers' formulas
 * with torch 1.13 float32 and numpy: every expected value below is printed by
 * {@code /usr/bin/python3 models/scripts/scheduler_reference.py} (diffusers itself is not installed; the
 * script restates its set_timesteps / step code). Schedule: Stable Diffusion's (scaled_linear
 * 0.00085–0.012, 1000 steps, steps_offset 1, clip_sample false, set_alpha_to_one false).
 */
class SchedulersTest {
    private static final SchedulerConfig SD = SchedulerConfig.stableDiffusion();
    private static final float[] SAMPLE = {0.5f, -1.25f, 2.0f};
    private static final float[] EPS = {0.1f, -0.3f, 0.7f};

    private static void close(float[] actual, double[] expected, double relative) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("index %d", i).isCloseTo(expected[i], within(relative * Math.max(1, Math.abs(expected[i]))));
        }
    }

    /** Sets {@code steps} timesteps and checks them and the σs the scheduler then reports. */
    private static void schedule(Scheduler scheduler, Supplier<float[]> sigmas, int steps, double[] timesteps,
            double[] expectedSigmas) {
        close(scheduler.setTimesteps(steps), timesteps, 0);
        close(sigmas.get(), expectedSigmas, 2e-6);
    }

    @Test
    void eulerSpacingsMatchTheReference() {
        EulerScheduler leading = new EulerScheduler(SD.withClassName("EulerDiscreteScheduler").withSpacing("leading"));
        schedule(leading, leading::sigmas, 10, new double[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1},
            new double[] {8.390686988830566, 5.134433269500732, 3.347764492034912, 2.2928547859191895,
            1.6236928701400757, 1.1682164669036865, 0.8356532454490662, 0.5740507245063782, 0.3461872935295105,
            0.04131447896361351, 0.0});
        assertThat((double) leading.initNoiseSigma()).isCloseTo(8.45006675385056, within(1e-4));

        EulerScheduler trailing = new EulerScheduler(SD.withSpacing("trailing"));
        schedule(trailing, trailing::sigmas, 10, new double[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99},
            new double[] {14.614645004272461, 8.302804946899414, 5.087765216827393, 3.3210842609405518,
            2.276463747024536, 1.6128870248794556, 1.1605788469314575, 0.8298599720001221, 0.5692853927612305,
            0.34167441725730896, 0.0});
        assertThat(trailing.initNoiseSigma()).isCloseTo(14.614645f, within(1e-4f));

        EulerScheduler linspace = new EulerScheduler(SD);
        schedule(linspace, linspace::sigmas, 7, new double[] {999, 832.5, 666, 499.5, 333, 166.5, 0},
            new double[] {14.614645004272461, 5.948917865753174, 2.9183082580566406, 1.6155833005905151,
            0.9323583245277405, 0.4935535192489624, 0.029167532920837402, 0.0});
    }

    @Test
    void oneEulerStepMatchesForEpsilonAndV() {
        EulerScheduler eps = new EulerScheduler(SD);
        eps.setTimesteps(10);
        close(eps.step(EPS, 3, SAMPLE, null), new double[] {0.4031853973865509, -0.9595562219619751, 1.3222978115081787}, 2e-6);
        EulerScheduler v = new EulerScheduler(SD.withPrediction("v_prediction"));
        v.setTimesteps(10);
        close(v.step(EPS, 3, SAMPLE, null), new double[] {0.32017210125923157, -0.7847385406494141, 1.1865379810333252}, 2e-6);
    }

    @Test
    void ddimTimestepsAndStepsMatchTheReference() {
        DdimScheduler leading = new DdimScheduler(SD.withClassName("DDIMScheduler").withSpacing("leading"));
        close(leading.setTimesteps(10), new double[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1}, 0);
        assertThat(leading.initNoiseSigma()).isEqualTo(1f);
        assertThat(leading.scaleModelInput(SAMPLE, 0)).containsExactly(SAMPLE);
        // index 5 is t = 401 (previous 301)
        close(leading.step(EPS, 5, SAMPLE, null), new double[] {0.564480185508728, -1.3984408378601074, 2.181363582611084}, 2e-6);
        // the last step (t = 1, previous -99) falls back to alphas_cumprod[0] since set_alpha_to_one is false
        close(leading.step(EPS, 9, SAMPLE, null), new double[] {0.49899962544441223, -1.246891975402832, 1.9923559427261353}, 2e-6);

        DdimScheduler v = new DdimScheduler(SD.withSpacing("leading").withPrediction("v_prediction"));
        v.setTimesteps(10);
        close(v.step(EPS, 5, SAMPLE, null), new double[] {0.47647231817245483, -1.182883381843567, 1.8561046123504639}, 2e-6);

        close(new DdimScheduler(SD.withSpacing("trailing")).setTimesteps(10),
                new double[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99}, 0);
        // linspace rounds half to even: 832.5 -> 832, 499.5 -> 500, 166.5 -> 166
        close(new DdimScheduler(SD).setTimesteps(7), new double[] {999, 832, 666, 500, 333, 166, 0}, 0);
    }

    @Test
    void dpmSolverTimestepsSigmasAndBothOrdersMatchTheReference() {
        DpmSolverScheduler leading = new DpmSolverScheduler(SD.withClassName("DPMSolverMultistepScheduler").withSpacing("leading"));
        schedule(leading, leading::sigmas, 10, new double[] {901, 811, 721, 631, 541, 451, 361, 271, 181, 91},
            new double[] {8.390686988830566, 5.376336574554443, 3.6306543350219727, 2.557664632797241,
            1.8585612773895264, 1.3761794567108154, 1.02392578125, 0.7515089511871338, 0.5269757509231567,
            0.32353323698043823, 0.0});
        float[] first = leading.step(EPS, 0, SAMPLE, null);
        close(first, new double[] {0.717484712600708, -1.766150951385498, 2.7045741081237793}, 5e-6);
        float[] second = leading.step(new float[] {-0.2f, 0.4f, 0.05f}, 1, first, null);
        close(second, new double[] {1.1959280967712402, -2.893221139907837, 4.037121295928955}, 5e-6);

        DpmSolverScheduler linspace = new DpmSolverScheduler(SD);
        schedule(linspace, linspace::sigmas, 10, new double[] {999, 899, 799, 699, 599, 500, 400, 300, 200, 100},
            new double[] {14.614645004272461, 8.302804946899414, 5.087765216827393, 3.3210842609405518,
            2.276463747024536, 1.6182795763015747, 1.1643916368484497, 0.8327531814575195, 0.5716663599014282,
            0.34393182396888733, 0.0});
        close(new DpmSolverScheduler(SD.withSpacing("trailing")).setTimesteps(10),
                new double[] {999, 899, 799, 699, 599, 499, 399, 299, 199, 99}, 0);
    }

    @Test
    void theLastDpmStepLandsOnTheDataPrediction() {
        DpmSolverScheduler dpm = new DpmSolverScheduler(SD);
        dpm.setTimesteps(3);
        float[] x = dpm.step(EPS, 0, SAMPLE, null);
        x = dpm.step(EPS, 1, x, null);
        float sigma = dpm.sigmas()[2];
        double alpha = 1 / Math.sqrt(sigma * sigma + 1);
        float[] last = dpm.step(EPS, 2, x, null);
        for (int i = 0; i < 3; i++) {
            assertThat((double) last[i]).isCloseTo((x[i] - sigma * alpha * EPS[i]) / alpha, within(1e-5));
        }
    }

    @Test
    void anOverrideKeepsStatedKeysAndTakesTheNewClassesDefaults(@TempDir Path dir) throws Exception {
        // timbrooks/instruct-pix2pix states no timestep_spacing: Euler-ancestral defaults to linspace, DDIM to leading
        Path file = dir.resolve("scheduler_config.json");
        Files.writeString(file, "{\"_class_name\": \"EulerAncestralDiscreteScheduler\", \"beta_end\": 0.012, "
                + "\"beta_schedule\": \"scaled_linear\", \"beta_start\": 0.00085, \"clip_sample\": false, "
                + "\"num_train_timesteps\": 1000, \"prediction_type\": \"epsilon\", \"set_alpha_to_one\": false, \"steps_offset\": 1}");
        assertThat(Schedulers.read(file, "").timestepSpacing()).isEqualTo("linspace");
        SchedulerConfig ddim = Schedulers.read(file, "ddim");
        assertThat(ddim.className()).isEqualTo("DDIMScheduler");
        assertThat(ddim.timestepSpacing()).isEqualTo("leading");
        assertThat(ddim.clipSample()).isFalse();
        assertThat(ddim.setAlphaToOne()).isFalse();
        close(Schedulers.create(ddim).setTimesteps(10), new double[] {901, 801, 701, 601, 501, 401, 301, 201, 101, 1}, 0);
    }

    @Test
    void theSamplerComesFromTheClassNameOrTheOverride() {
        assertThat(Schedulers.create(SD).name()).isEqualTo("euler-ancestral");
        assertThat(Schedulers.create(Schedulers.resolve(SD, "DDIMScheduler")).name()).isEqualTo("ddim");
        assertThat(Schedulers.create(Schedulers.resolve(SD, "euler")).name()).isEqualTo("euler");
        assertThat(Schedulers.create(Schedulers.resolve(SD, "dpm++2m")).name()).isEqualTo("dpm++2m");
        assertThat(Schedulers.resolve(SD, " ")).isSameAs(SD);
        assertThatThrownBy(() -> Schedulers.resolve(SD, "heun")).hasMessageContaining("heun").hasMessageContaining("DDIMScheduler");
        assertThatThrownBy(() -> Schedulers.create(SD.withClassName("PNDMScheduler"))).hasMessageContaining("PNDMScheduler");
    }
}
