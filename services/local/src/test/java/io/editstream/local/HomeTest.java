package io.editstream.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link Home}'s rule on a fake checkout: explicit setting, then a working folder with models/, then above the jar. */
class HomeTest {
    @TempDir
    Path tmp;

    private Path checkout() throws Exception {
        Path home = tmp.resolve("checkout");
        Files.createDirectories(home.resolve("models/default"));
        Files.createDirectories(home.resolve("services/local/target"));
        return home;
    }

    @Test
    void walksUpFromTheJarWhenTheWorkingFolderHasNoModels() throws Exception {
        Path home = checkout();
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path jar = home.resolve("services/local/target/editstream.jar");
        assertThat(Home.find(null, elsewhere, jar)).contains(home);
    }

    @Test
    void prefersAWorkingFolderThatHasModels() throws Exception {
        Path home = checkout();
        Path other = Files.createDirectories(tmp.resolve("other/models")).getParent();
        assertThat(Home.find(null, other, home.resolve("services/local/target/editstream.jar"))).contains(other);
    }

    @Test
    void anExplicitHomeWinsAndIsResolvedAgainstTheWorkingFolder() throws Exception {
        Path home = checkout();
        Path jar = home.resolve("services/local/target/editstream.jar");
        assertThat(Home.find("mine", tmp, jar)).contains(tmp.resolve("mine"));
        assertThat(Home.find("  ", tmp.resolve("checkout"), null)).contains(home);
    }

    @Test
    void nothingFoundWithoutModelsAnywhere() {
        assertThat(Home.find(null, tmp, tmp.resolve("lib/x.jar"))).isEmpty();
        assertThat(Home.find(null, tmp, null)).isEmpty();
    }

    @Test
    void thisBuildsClassesAreInsideTheCheckout() {
        // target/classes (or the jar) of services/local: the checkout with models/ is three folders up
        Path location = Home.codeLocation();
        assertThat(location).isNotNull();
        assertThat(Home.find(null, tmp, location)).hasValueSatisfying(home -> assertThat(home.resolve("models/default")).isDirectory());
    }
}
