package io.alertlake.aws;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An S3 PUT, by the lake's S3 client, against a stub HTTP server (a socket, not an S3 stand-in: the S3 emulator
 * cannot be made to drop one connection) that closes the first connection after reading the request's headers, as
 * a server does with a pooled connection it has already given up: the SDK sends it again.
 */
class S3DroppedConnectionStubServerTest {

    private ServerSocket server;
    private Thread serving;
    private final AtomicInteger connections = new AtomicInteger();
    private final ByteArrayOutputStream received = new ByteArrayOutputStream();

    @BeforeEach
    void stubServerThatDropsTheFirstConnection() throws IOException {
        server = new ServerSocket(0);
        serving = new Thread(() -> {
            while (!server.isClosed()) {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    String headers = headers(in);
                    if (connections.incrementAndGet() == 1) {
                        continue; // closed without a word
                    }
                    OutputStream out = s.getOutputStream();
                    out.write("HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    received.write(in.readNBytes(contentLength(headers)));
                    out.write("HTTP/1.1 200 OK\r\nETag: \"1\"\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    return; // closed by the test
                }
            }
        });
        serving.start();
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        serving.join(5000);
    }

    @Test
    void aPutWhoseConnectionTheServerDroppedIsSentAgain() {
        try (S3Client s3 = s3(AwsClients.s3Http().build())) {
            s3.putObject(r -> r.bucket("alertlake").key("raw/a.ndjson.gz"), RequestBody.fromString("the body"));
        }
        assertThat(connections.get()).isEqualTo(2);
        assertThat(received.toString(StandardCharsets.UTF_8)).contains("the body");
    }

    private S3Client s3(SdkHttpClient http) {
        return S3Client.builder().httpClient(http)
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getLocalPort()))
                .region(Region.US_EAST_1).forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("a", "b")))
                .build();
    }

    private static String headers(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            bytes.write(b);
            matched = (b == "\r\n\r\n".charAt(matched)) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return bytes.toString(StandardCharsets.US_ASCII);
    }

    private static int contentLength(String headers) {
        for (String line : headers.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                return Integer.parseInt(line.substring(15).trim());
            }
        }
        return 0;
    }
}
