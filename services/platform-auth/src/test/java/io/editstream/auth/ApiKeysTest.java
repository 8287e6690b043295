package io.editstream.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApiKeysTest {
    @TempDir
    Path dir;

    @Test
    void anAddedKeyIsFoundButNeverStored() throws Exception {
        Path file = dir.resolve("keys.txt");
        String alice = ApiKeys.add(file, "acme", "alice");
        String bob = ApiKeys.add(file, "globex", "bob");
        String text = Files.readString(file);
        assertThat(text).doesNotContain(alice).doesNotContain(bob).contains("sha256:" + ApiKeys.hash(alice) + " acme alice");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        ApiKeys keys = ApiKeys.load(file);
        assertThat(keys.size()).isEqualTo(2);
        assertThat(keys.find(alice)).contains(new ApiKeys.Entry("acme", "alice"));
        assertThat(keys.find(" " + bob + " ")).contains(new ApiKeys.Entry("globex", "bob"));
        assertThat(keys.find(alice + "x")).isEmpty();
        assertThat(keys.find("")).isEmpty();
        assertThat(keys.find(null)).isEmpty();
        assertThat(alice).startsWith("es_").hasSize(3 + 43).isNotEqualTo(bob);
    }

    @Test
    void aBrokenFileOrBadNamesAreRefusedWithTheLine() {
        assertThatThrownBy(() -> ApiKeys.parse(List.of("# comment", "", "sha256:abc acme alice"), "keys.txt"))
                .hasMessageContaining("keys.txt line 3");
        assertThatThrownBy(() -> ApiKeys.add(dir.resolve("k"), "no/slash", "a")).hasMessageContaining("tenant");
        assertThatThrownBy(() -> ApiKeys.add(dir.resolve("k"), "acme", "two words")).hasMessageContaining("name");
        assertThatThrownBy(() -> ApiKeys.load(dir.resolve("missing"))).hasMessageContaining("editstream keys add");
    }
}
