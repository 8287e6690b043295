package io.editstream.storage;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Image bytes already read or written in this process, least recently used first out once they pass a byte
 * budget. An entry is keyed by the claim-check's URI and SHA-256 and only bytes verified against that SHA-256
 * enter, so a hit is exactly what the event names: nothing stale can be served, and a restarted process simply
 * refills. The URI is part of the key so that knowing another tenant's hash never yields its image. It pays
 * where several stages share a process (local mode: the gateway's upload, then the reasoner, cue extractor,
 * renderer and scorer reading the same source) or one stage reads an image again (a retry); one service per
 * pod only saves its retries. Thread-safe.
 */
public final class ImageCache {
    /** One cache per budget in the JVM, so every store of a local stack shares the same entries. */
    private static final Map<Long, ImageCache> SHARED = new ConcurrentHashMap<>();

    private record Key(String uri, String sha256) {
    }

    private final long budgetBytes;
    private final LinkedHashMap<Key, byte[]> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long bytes;
    private long hits;
    private long misses;

    public ImageCache(long budgetBytes) {
        if (budgetBytes < 0) {
            throw new IllegalArgumentException("the image cache budget must be 0 (off) or more, is " + budgetBytes);
        }
        this.budgetBytes = budgetBytes;
    }

    /** The process-wide cache of this budget. */
    public static ImageCache shared(long budgetBytes) {
        return SHARED.computeIfAbsent(budgetBytes, ImageCache::new);
    }

    /** A copy of the bytes stored for {@code uri} with {@code sha256}, if they are here. */
    public synchronized Optional<byte[]> get(String uri, String sha256) {
        byte[] found = budgetBytes == 0 ? null : entries.get(new Key(uri, sha256.toLowerCase()));
        if (found == null) {
            misses++;
            return Optional.empty();
        }
        hits++;
        return Optional.of(found.clone());
    }

    /**
     * Keeps a copy of {@code verified}, which the caller has checked hashes to {@code sha256}; an image larger than
     * the whole budget is not kept.
     */
    synchronized void put(String uri, String sha256, byte[] verified) {
        if (budgetBytes == 0 || verified.length > budgetBytes) {
            return;
        }
        byte[] previous = entries.put(new Key(uri, sha256.toLowerCase()), verified.clone());
        bytes += verified.length - (previous == null ? 0 : previous.length);
        for (Iterator<byte[]> eldest = entries.values().iterator(); bytes > budgetBytes; ) {
            bytes -= eldest.next().length;
            eldest.remove();
        }
    }

    public synchronized long bytes() {
        return bytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long misses() {
        return misses;
    }
}
