package io.alertlake.lake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.alertlake.config.AlertlakeConfig;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

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

    @Inject
    StateStore(S3Client s3, AlertlakeConfig config) {
        this(s3, config.lake().bucket());
    }

    StateStore(S3Client s3, String bucket) {
        this.s3 = s3;
        this.bucket = bucket;
    }

    public Optional<JsonNode> read(String name) {
        return readStored(name).map(Stored::value);
    }

    /** A document as read, with the version ({@code ETag}) a conditional write replaces. */
    public record Stored(JsonNode value, String etag) {
    }

    /** {@link #read}, with the version read. */
    public Optional<Stored> readStored(String name) {
        try {
            ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key(name)));
            return Optional.of(new Stored(JSON.readTree(got.asByteArray()), got.response().eTag()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes {@code value} only if the document is still the version {@code read} (absent when empty), as one
     * step in S3 (a conditional write): whether it was written. Of tasks writing from the same version at once,
     * one wins and the others learn that they lost — so each writer's value should be its own (an id in it).
     */
    public boolean writeIf(String name, JsonNode value, Optional<Stored> read) {
        byte[] bytes;
        try {
            bytes = JSON.writeValueAsBytes(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            s3.putObject(b -> {
                b.bucket(bucket).key(key(name)).contentType("application/json");
                read.ifPresentOrElse(r -> b.ifMatch(r.etag()), () -> b.ifNoneMatch("*"));
            }, RequestBody.fromBytes(bytes));
            return true;
        } catch (S3Exception e) {
            // 412: another version is there now; 409: another conditional write of it is under way
            if (e.statusCode() != 412 && e.statusCode() != 409) {
                throw e;
            }
            // or the version there is this very write: the client sent it again over a fresh connection (S3 had
            // closed the pooled one) after the first copy was taken, and the copy was refused
            return isThere(readStored(name), value);
        } catch (SdkClientException e) {
            // no answer: the connection broke, as it does when a server refuses the condition before reading the
            // body and closes the connection while the client sends it (the S3 stand-in under load). What is there
            // now tells: this write, another version (refused), or still the version read (not written: a failure)
            Optional<Stored> there;
            try {
                there = readStored(name);
            } catch (RuntimeException unread) {
                e.addSuppressed(unread);
                throw e;
            }
            if (isThere(there, value)) {
                return true;
            }
            if (there.map(Stored::etag).equals(read.map(Stored::etag))) {
                throw e;
            }
            return false;
        }
    }

    private static boolean isThere(Optional<Stored> there, JsonNode value) {
        return there.map(t -> t.value().equals(value)).orElse(false);
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
