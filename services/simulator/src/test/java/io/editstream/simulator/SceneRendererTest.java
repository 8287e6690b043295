package io.editstream.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SceneRendererTest {

    @Test
    void sameSceneGivesByteIdenticalPngsAndOtherScenesOtherPngs() {
        Scene a = SceneSampler.sample(new SplittableRandom(1), Fixtures.TRAIN_POOL);
        Scene b = SceneSampler.sample(new SplittableRandom(2), Fixtures.TRAIN_POOL);
        byte[] first = new SceneRenderer(64).png(a);
        assertThat(new SceneRenderer(64).png(a)).isEqualTo(first);
        assertThat(new SceneRenderer(64).png(b)).isNotEqualTo(first);
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 96})
    void pngHasTheConfiguredSizeAndNoMetadataChunks(int size) throws IOException {
        byte[] png = new SceneRenderer(size).png(SceneSampler.sample(new SplittableRandom(3), Fixtures.TRAIN_POOL));
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        assertThat(image.getWidth()).isEqualTo(size);
        assertThat(image.getHeight()).isEqualTo(size);
        assertThat(chunks(png)).containsOnly("IHDR", "IDAT", "IEND").contains("IHDR", "IDAT", "IEND");
    }

    @Test
    void edgesAreAntiAliased() {
        BufferedImage image = new SceneRenderer(64).render(SceneSampler.sample(new SplittableRandom(4), Fixtures.TRAIN_POOL));
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                colours.add(image.getRGB(x, y));
            }
        }
        // hard-edged flat drawing of this scene would give a few dozen colours; blended edges give hundreds
        assertThat(colours.size()).isGreaterThan(300);
    }

    @Test
    void boundsCoverEveryPixelAnObjectTouches() {
        SceneRenderer renderer = new SceneRenderer(64);
        for (long seed = 0; seed < 40; seed++) {
            Scene scene = SceneSampler.sample(new SplittableRandom(seed), Fixtures.TRAIN_POOL);
            if (scene.objects().size() < 3) {
                continue;
            }
            for (SceneObject o : scene.objects()) {
                Rectangle diff = Fixtures.diffBox(renderer.render(scene), renderer.render(scene.remove(o.id())));
                assertThat(diff).isNotNull();
                assertThat(renderer.bounds(o).contains(diff)).as("%s within %s", diff, renderer.bounds(o)).isTrue();
            }
        }
    }

    @Test
    void refusesSizesOutsideTheSupportedRange() {
        assertThatThrownBy(() -> new SceneRenderer(8)).hasMessageContaining("image size must be 32..1024");
    }

    private static List<String> chunks(byte[] png) {
        List<String> types = new ArrayList<>();
        ByteBuffer buf = ByteBuffer.wrap(png);
        buf.position(8);
        while (buf.remaining() >= 12) {
            int length = buf.getInt();
            byte[] type = new byte[4];
            buf.get(type);
            types.add(new String(type, StandardCharsets.US_ASCII));
            buf.position(buf.position() + length + 4);
        }
        return types;
    }
}
