package io.alertlake.consume;

import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;

/** Down once a receiver or the flush loop of the consumer has died (DeliveryConsumer#failed says why). */
@Liveness
@Singleton
public class ConsumerLiveness implements HealthCheck {

    private final DeliveryConsumer consumer;

    ConsumerLiveness(DeliveryConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        var response = HealthCheckResponse.named("delivery-consumer");
        return consumer.failure()
                .map(e -> response.down().withData("error", e.getClass().getName()).build())
                .orElseGet(() -> response.up().build());
    }
}
