package io.alertlake.demo;

import io.alertlake.config.AlertlakeConfig;
import io.alertlake.config.Role;
import io.alertlake.ingest.WebhookSecrets;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.ConfigProvider;
import org.jboss.logging.Logger;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

/**
 * In local mode with {@code alertlake.demo.enabled}, sends the generated demo deliveries, signed, through
 * the real webhook endpoint, so a new user's first query returns real numbers. Runs in the background once
 * the HTTP server is up.
 */
@Singleton
public class DemoLoader {

    private static final Logger LOG = Logger.getLogger(DemoLoader.class);

    void onStart(@Observes StartupEvent event, AlertlakeConfig config, WebhookSecrets secrets) {
        if (!config.demo().enabled() || !config.isLocal() || !config.runs(Role.INGEST)) {
            return;
        }
        int port = ConfigProvider.getConfig().getOptionalValue("quarkus.http.port", Integer.class).orElse(8080);
        Thread thread = new Thread(() -> load(config, secrets, port), "demo-loader");
        thread.setDaemon(true);
        thread.start();
    }

    private void load(AlertlakeConfig config, WebhookSecrets secrets, int port) {
        LocalDate end = LocalDate.now(ZoneOffset.UTC); // nothing in the future: a "now" query sees it all
        List<DemoDeliveries.Demo> demo = DemoDeliveries.generate(config.demo().seed(), end, config.demo().months());
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        URI uri = URI.create("http://127.0.0.1:" + port + "/webhooks/github");
        int accepted = 0;
        for (DemoDeliveries.Demo d : demo) {
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header("X-GitHub-Event", d.event())
                    .header("X-GitHub-Delivery", d.deliveryId())
                    .header("X-Hub-Signature-256", secrets.sign(d.body()))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(d.body()))
                    .build();
            for (int attempt = 1; attempt <= 5; attempt++) {
                try {
                    if (http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 202) {
                        accepted++;
                        break;
                    }
                } catch (Exception e) {
                    LOG.debugf("demo delivery %s, attempt %d: %s", d.deliveryId(), attempt, e);
                }
                sleep(500L * attempt);
            }
        }
        LOG.infof("demo data: %d of %d signed deliveries accepted through /webhooks/github (%d months, seed %d)",
                accepted, demo.size(), config.demo().months(), config.demo().seed());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
