package io.alertlake.aws;

import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.utils.AttributeMap;

import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The SDK's URL-connection HTTP client with its I/O failures left to the SDK's retries. That client wraps some
 * {@link IOException}s in {@link UncheckedIOException} — a pooled connection the server has closed, met while a
 * request with {@code Expect: 100-continue} (every S3 PUT) opens its body — and the SDK's retry stage lets those
 * through untried: one stale connection failed a whole PUT, and with it a flush or a replay, instead of being sent
 * again on a new connection (aws-sdk-java-v2 pull request 7347 fixes this in later SDK versions). The requests
 * alertlake sends to S3 (whole-object PUT, GET, LIST, DELETE) are idempotent, so sending one again is safe.
 */
final class RetryableIoHttpClient implements SdkHttpClient {

    private final SdkHttpClient delegate;

    RetryableIoHttpClient(SdkHttpClient delegate) {
        this.delegate = delegate;
    }

    /** For {@code S3ClientBuilder.httpClientBuilder}: the SDK builds the client with its defaults and closes it. */
    static final class Builder implements SdkHttpClient.Builder<Builder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap serviceDefaults) {
            return new RetryableIoHttpClient(UrlConnectionHttpClient.builder().buildWithDefaults(serviceDefaults));
        }
    }

    @Override
    public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
        ExecutableHttpRequest prepared = delegate.prepareRequest(request);
        return new ExecutableHttpRequest() {
            @Override
            public HttpExecuteResponse call() throws IOException {
                try {
                    return prepared.call();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }

            @Override
            public void abort() {
                prepared.abort();
            }
        };
    }

    @Override
    public String clientName() {
        return delegate.clientName();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
