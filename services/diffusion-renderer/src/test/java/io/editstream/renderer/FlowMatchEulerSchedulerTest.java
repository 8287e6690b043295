package io.editstream.renderer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins the flow-match Euler scheduler to numbers printed by
 * {@code /usr/bin/python3 models/scripts/flow_match_reference.py} (a numpy/torch float32 restatement of
 * FluxKontextPipeline's schedule and FlowMatchEulerDiscreteScheduler; diffusers itself is not installed).
 * Image sequence lengths are the packed noise latents': (H/16)·(W/16) → 1024 at 512 px, 4096 at 1024 px.
 */
class FlowMatchEulerSchedulerTest {
    private static final FlowMatchConfig DEV = FlowMatchConfig.kontextDev();
    private static final float[] SAMPLE = {0.5f, -1.25f, 2.0f};
    private static final float[] VELOCITY = {0.1f, -0.3f, 0.7f};

    /** σs (with the final 0) to 1e-6 relative, timesteps = σ·1000 likewise. */
    private static void schedule(FlowMatchConfig config, int steps, int imageSeqLen, double[] sigmas, double[] timesteps) {
        FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(config);
        close(scheduler.setKontextTimesteps(steps, imageSeqLen), timesteps, 1e-6);
        close(scheduler.sigmas(), sigmas, 1e-6);
        close(scheduler.timesteps(), timesteps, 1e-6);
    }

    @Test
    void muFollowsCalculateShift() {
        assertThat(DEV.mu(1024)).isCloseTo(0.63, within(1e-12));
        assertThat(DEV.mu(4096)).isCloseTo(1.15, within(1e-12));
        assertThat(DEV.mu(1536)).isCloseTo(0.7166666666666666, within(1e-12));
        assertThat(DEV.mu(256)).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void kontextDevSchedulesAtTwoResolutionsMatchTheReference() {
        schedule(DEV, 4, 1024, new double[] {1.0, 0.8492348194122314, 0.652489423751831, 0.38494473695755005, 0.0},
            new double[] {1000.0, 849.2348022460938, 652.4894409179688, 384.9447326660156});
        schedule(DEV, 4, 4096, new double[] {1.0, 0.9045307636260986, 0.7595109343528748, 0.5128441452980042, 0.0},
            new double[] {1000.0, 904.53076171875, 759.5109252929688, 512.8441162109375});
        schedule(DEV, 1, 4096, new double[] {1.0, 0.0}, new double[] {1000.0});
    }

    @Test
    void kontextDevTwentyEightStepsMatchTheReference() {
        schedule(DEV, 28, 1024, new double[] {1.0, 0.9806559681892395, 0.9606437683105469, 0.9399282336235046, 0.91847163438797,
            0.8962334394454956, 0.8731700778007507, 0.8492348194122314, 0.8243773579597473, 0.7985431551933289,
            0.771673858165741, 0.7437055110931396, 0.714569628238678, 0.6841912865638733, 0.652489423751831,
            0.6193756461143494, 0.5847535133361816, 0.5485173463821411, 0.5105518102645874, 0.47072988748550415,
            0.4289122223854065, 0.38494473695755005, 0.338657408952713, 0.2898615896701813, 0.23834773898124695,
            0.1838821917772293, 0.1262037754058838, 0.06501960009336472, 0.0},
            new double[] {1000.0, 980.6559448242188, 960.643798828125, 939.92822265625, 918.4716186523438, 896.2334594726562,
            873.1701049804688, 849.2348022460938, 824.3773803710938, 798.5431518554688, 771.673828125, 743.7055053710938,
            714.5696411132812, 684.1912841796875, 652.4894409179688, 619.3756713867188, 584.7535400390625, 548.517333984375,
            510.55181884765625, 470.7298889160156, 428.9122314453125, 384.9447326660156, 338.65740966796875,
            289.8616027832031, 238.3477325439453, 183.88218688964844, 126.20377349853516, 65.01959991455078});
        schedule(DEV, 28, 4096, new double[] {1.0, 0.988408625125885, 0.9762224555015564, 0.9633944034576416,
            0.9498725533485413, 0.9355989098548889, 0.9205089807510376, 0.9045307636260986, 0.8875834345817566,
            0.8695759177207947, 0.8504056930541992, 0.8299564123153687, 0.8080955147743225, 0.7846716046333313,
            0.7595109343528748, 0.7324128150939941, 0.7031447291374207, 0.6714348196983337, 0.6369644999504089,
            0.5993567109107971, 0.5581628680229187, 0.5128441452980042, 0.4627484083175659, 0.40707841515541077,
            0.3448489308357239, 0.2748279869556427, 0.19545459747314453, 0.10472089797258377, 0.0},
            new double[] {1000.0, 988.4086303710938, 976.2224731445312, 963.3944091796875, 949.87255859375, 935.5989379882812,
            920.5089721679688, 904.53076171875, 887.5834350585938, 869.575927734375, 850.4057006835938, 829.9564208984375,
            808.0955200195312, 784.671630859375, 759.5109252929688, 732.412841796875, 703.1447143554688, 671.434814453125,
            636.9644775390625, 599.356689453125, 558.162841796875, 512.8441162109375, 462.7484130859375, 407.07843017578125,
            344.84893798828125, 274.8279724121094, 195.45458984375, 104.72090148925781});
    }

    @Test
    void linearAndStaticShiftsMatchTheReference() {
        schedule(DEV.withTimeShiftType("linear"), 6, 1536, new double[] {1.0, 0.781818151473999, 0.5890410542488098,
            0.41747570037841797, 0.2638036608695984, 0.12536442279815674, 0.0},
            new double[] {1000.0, 781.8181762695312, 589.0410766601562, 417.4757080078125, 263.80364990234375, 125.36442565917969});
        // static shifting ignores mu (the sequence length)
        schedule(DEV.withDynamicShifting(false), 4, 4096, new double[] {1.0, 0.8999999761581421, 0.75, 0.5, 0.0},
            new double[] {1000.0, 900.0, 750.0, 500.0});
        schedule(DEV.withDynamicShifting(false).withShift(1.0), 4, 4096, new double[] {1.0, 0.75, 0.5, 0.25, 0.0},
            new double[] {1000.0, 750.0, 500.0, 250.0});
    }

    @Test
    void shiftTerminalStretchesTheLastSigmaOntoIt() {
        schedule(DEV.withDynamicShifting(false).withShiftTerminal(0.1), 5, 4096,
            new double[] {1.0, 0.8788462281227112, 0.7136363387107849, 0.4750000238418579, 0.10000002384185791, 0.0},
            new double[] {1000.0, 878.8462524414062, 713.6363525390625, 475.0000305175781, 100.0000228881836});
        schedule(DEV.withShiftTerminal(0.02), 4, 1024, new double[] {1.0, 0.7597779035568237, 0.44629305601119995,
            0.019999980926513672, 0.0}, new double[] {1000.0, 759.7778930664062, 446.2930603027344, 19.999980926513672});
        assertThat(DEV.withShiftTerminal(0.0).shiftTerminal()).as("0 means no stretch, as diffusers' truthiness test").isNull();
    }

    @Test
    void oneStepIsTheEulerMoveAlongTheVelocity() {
        FlowMatchEulerScheduler scheduler = new FlowMatchEulerScheduler(DEV);
        scheduler.setKontextTimesteps(28, 4096);
        close(scheduler.step(VELOCITY, 3, SAMPLE), new double[] {0.4986478090286255, -1.2459434270858765, 1.9905346632003784}, 1e-6);
        close(scheduler.step(VELOCITY, 27, SAMPLE), new double[] {0.4895279109477997, -1.2185837030410767, 1.9266953468322754}, 1e-6);
        assertThat((double) scheduler.transformerTimestep(3)).isCloseTo(0.9633944034576416, within(1e-7));
        assertThat((double) scheduler.transformerTimestep(27)).isCloseTo(0.10472089797258377, within(1e-7));
        assertThat(scheduler.initNoiseSigma()).isEqualTo(1f);
        assertThatThrownBy(() -> scheduler.step(VELOCITY, 28, SAMPLE)).hasMessageContaining("outside the 28 prepared steps");
        assertThatThrownBy(() -> scheduler.step(new float[2], 0, SAMPLE)).hasMessageContaining("model output has 2 values");
    }

    @Test
    void linspaceRestatesNumpy() {
        assertThat(FlowMatchEulerScheduler.kontextSigmas(4)).containsExactly(1.0, 0.75, 0.5, 0.25);
        assertThat(FlowMatchEulerScheduler.kontextSigmas(1)).containsExactly(1.0);
        assertThat(FlowMatchEulerScheduler.kontextSigmas(3)[2]).isEqualTo(1.0 / 3);
        assertThatThrownBy(() -> FlowMatchEulerScheduler.kontextSigmas(0)).hasMessageContaining("at least 1");
    }

    @Test
    void dynamicShiftingWithoutMuIsRefused() {
        assertThatThrownBy(() -> new FlowMatchEulerScheduler(DEV).setTimesteps(new double[] {1.0, 0.5}, null))
            .hasMessageContaining("mu must be given");
        float[] timesteps = new FlowMatchEulerScheduler(DEV.withDynamicShifting(false)).setTimesteps(new double[] {1.0, 0.5}, null);
        close(timesteps, new double[] {1000.0, 750.0}, 1e-6);
    }

    @Test
    void configIsReadWithDiffusersDefaults(@TempDir Path dir) throws Exception {
        Path dev = dir.resolve("dev.json");
        Files.writeString(dev, """
            {"_class_name": "FlowMatchEulerDiscreteScheduler", "_diffusers_version": "0.30.0.dev0", "base_image_seq_len": 256,
             "base_shift": 0.5, "max_image_seq_len": 4096, "max_shift": 1.15, "num_train_timesteps": 1000, "shift": 3.0,
             "use_dynamic_shifting": true}""");
        assertThat(FlowMatchConfig.read(dev)).isEqualTo(DEV);

        Path bare = dir.resolve("bare.json");
        Files.writeString(bare, "{\"shift_terminal\": null}");
        assertThat(FlowMatchConfig.read(bare))
            .isEqualTo(new FlowMatchConfig(1000, 1.0, false, 0.5, 1.15, 256, 4096, "exponential", null));

        Path stretched = dir.resolve("stretched.json");
        Files.writeString(stretched, "{\"shift_terminal\": 0.1, \"time_shift_type\": \"linear\"}");
        assertThat(FlowMatchConfig.read(stretched).shiftTerminal()).isEqualTo(0.1);
        assertThat(FlowMatchConfig.read(stretched).timeShiftType()).isEqualTo("linear");

        Path karras = dir.resolve("karras.json");
        Files.writeString(karras, "{\"use_karras_sigmas\": true}");
        assertThatThrownBy(() -> FlowMatchConfig.read(karras)).hasMessageContaining("use_karras_sigmas is not supported");
        Path stochastic = dir.resolve("stochastic.json");
        Files.writeString(stochastic, "{\"stochastic_sampling\": true}");
        assertThatThrownBy(() -> FlowMatchConfig.read(stochastic)).hasMessageContaining("stochastic_sampling");
        assertThatThrownBy(() -> DEV.withTimeShiftType("cosine")).hasMessageContaining("time_shift_type 'cosine'");
    }

    private static void close(float[] actual, double[] expected, double relative) {
        assertThat(actual).hasSize(expected.length);
        for (int i = 0; i < expected.length; i++) {
            assertThat((double) actual[i]).as("index %d", i).isCloseTo(expected[i], within(relative * Math.max(1e-3, Math.abs(expected[i]))));
        }
    }
}
