package io.alertlake.testing;

import io.alertlake.delivery.Delivery;
import io.alertlake.lake.RawArchive;
import io.alertlake.local.LocalStack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/** The lake bucket's files as the local S3 stand-in keeps them on disk. */
public final class BucketFiles {

    private BucketFiles() {
    }

    /** The files under {@code prefix} (e.g. {@code raw}) whose names end with {@code suffix}. */
    public static List<Path> under(LocalStack stack, String prefix, String suffix) {
        Path root = stack.bucketDir().resolve(prefix);
        if (!Files.exists(root)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> Files.isRegularFile(p) && p.toString().endsWith(suffix)).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The findings' Parquet files, by path under {@code findings/}, with their sizes. */
    public static Map<String, Long> findings(LocalStack stack) {
        Path root = stack.bucketDir().resolve("findings");
        Map<String, Long> sizes = new TreeMap<>();
        try {
            for (Path p : under(stack, "findings", ".parquet")) {
                sizes.put(root.relativize(p).toString(), Files.size(p));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return sizes;
    }

    /** The deliveries of the {@code raw/} files whose names end with {@code suffix}, by delivery id. */
    public static Map<String, Delivery> rawDeliveries(LocalStack stack, String suffix) {
        Map<String, Delivery> byId = new HashMap<>();
        try {
            for (Path p : under(stack, "raw", suffix)) {
                if (p.toString().endsWith(".body")) {
                    continue; // a claim check's body under raw/oversize/, not an archive file
                }
                RawArchive.read(Files.readAllBytes(p)).forEach(d -> byId.put(d.deliveryId(), d));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return byId;
    }
}
