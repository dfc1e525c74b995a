package io.alertlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.config.AlertlakeConfig;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Watermarks and similar state of the scheduled GitHub jobs, as JSON objects under {@code state/} in the lake
 * bucket: they survive restarts and are shared by every task of a service.
 */
@Singleton
public class StateStore {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final S3Client s3;
    private final String bucket;

    StateStore(S3Client s3, AlertlakeConfig config) {
        this.s3 = s3;
        this.bucket = config.lake().bucket();
    }

    public Optional<JsonNode> read(String name) {
        try {
            return Optional.of(JSON.readTree(s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(name))).asByteArray()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(String name, JsonNode value) {
        try {
            s3.putObject(b -> b.bucket(bucket).key(key(name)).contentType("application/json"),
                    RequestBody.fromBytes(JSON.writeValueAsBytes(value)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The names below {@code folder} (as given to {@link #write}: {@code folder/…}), in key order. */
    public List<String> list(String folder) {
        String prefix = LakePaths.STATE + folder + "/";
        List<String> names = new ArrayList<>();
        s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix(prefix)).contents().forEach(o -> {
            String k = o.key();
            if (k.endsWith(".json")) {
                names.add(k.substring(LakePaths.STATE.length(), k.length() - ".json".length()));
            }
        });
        return names;
    }

    private static String key(String name) {
        return LakePaths.STATE + name + ".json";
    }
}
