package io.editstream.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Verified image bytes by URI and SHA-256, least recently used out first once past the byte budget. */
class ImageCacheTest {
    @Test
    void aHitIsACopyOfWhatWentIn() {
        ImageCache cache = new ImageCache(100);
        byte[] png = {1, 2, 3};
        cache.put("s3://b/a.png", "AB", png);
        png[0] = 9;
        byte[] hit = cache.get("s3://b/a.png", "ab").orElseThrow();
        assertThat(hit).containsExactly(1, 2, 3);
        hit[1] = 9;
        assertThat(cache.get("s3://b/a.png", "ab").orElseThrow()).containsExactly(1, 2, 3);
        assertThat(cache.hits()).isEqualTo(2);
    }

    @Test
    void theKeyIsUriAndHash() {
        ImageCache cache = new ImageCache(100);
        cache.put("s3://b/tenants/acme/source.png", "aa", new byte[] {1});
        assertThat(cache.get("s3://b/tenants/acme/source.png", "bb")).as("the object was replaced since").isEmpty();
        assertThat(cache.get("s3://b/tenants/globex/source.png", "aa")).as("another tenant knowing the hash").isEmpty();
        assertThat(cache.misses()).isEqualTo(2);
    }

    @Test
    void theLeastRecentlyUsedGoFirstOncePastTheBudget() {
        ImageCache cache = new ImageCache(10);
        cache.put("a", "1", new byte[4]);
        cache.put("b", "2", new byte[4]);
        cache.get("a", "1");
        cache.put("c", "3", new byte[4]);
        assertThat(cache.get("b", "2")).as("least recently used").isEmpty();
        assertThat(cache.get("a", "1")).isPresent();
        assertThat(cache.get("c", "3")).isPresent();
        assertThat(cache.bytes()).isEqualTo(8);
        cache.put("c", "3", new byte[6]);
        assertThat(cache.bytes()).as("a replaced entry counts once").isEqualTo(10);
        assertThat(cache.size()).isEqualTo(2);
    }

    @Test
    void anImageLargerThanTheBudgetIsNotKeptAndZeroKeepsNothing() {
        ImageCache cache = new ImageCache(10);
        cache.put("a", "1", new byte[4]);
        cache.put("big", "2", new byte[11]);
        assertThat(cache.get("big", "2")).isEmpty();
        assertThat(cache.get("a", "1")).as("nothing evicted for it").isPresent();

        ImageCache off = new ImageCache(0);
        off.put("a", "1", new byte[1]);
        assertThat(off.get("a", "1")).isEmpty();
        assertThat(off.size()).isZero();
        assertThatThrownBy(() -> new ImageCache(-1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void storesOfOneBudgetShareTheirCache() {
        assertThat(ImageCache.shared(12345)).isSameAs(ImageCache.shared(12345)).isNotSameAs(ImageCache.shared(12346));
    }
}
