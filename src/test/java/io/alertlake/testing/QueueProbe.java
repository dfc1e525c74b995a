package io.alertlake.testing;

import io.alertlake.aws.QueueUrls;
import io.alertlake.delivery.Delivery;
import io.alertlake.delivery.DeliveryMessages;
import software.amazon.awssdk.services.sqs.SqsAsyncClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Reads the real (embedded) SQS queue over the SQS protocol, as the consumer would. */
public final class QueueProbe {

    private final SqsAsyncClient sqs;
    private final String url;

    public QueueProbe(SqsAsyncClient sqs, QueueUrls queues) {
        this(sqs, queues.deliveries());
    }

    public QueueProbe(SqsAsyncClient sqs, String url) {
        this.sqs = sqs;
        this.url = url;
    }

    /** Receives and deletes everything currently in the queue, keyed by delivery id. */
    public Map<String, Message> drain() {
        Map<String, Message> all = new LinkedHashMap<>();
        while (true) {
            ReceiveMessageResponse r = call(() -> sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10)
                    .waitTimeSeconds(0).messageAttributeNames("All")
                    .messageSystemAttributeNames(MessageSystemAttributeName.ALL)));
            if (r.messages().isEmpty()) {
                return all;
            }
            for (Message m : r.messages()) {
                all.put(m.messageAttributes().get(DeliveryMessages.DELIVERY).stringValue(), m);
                call(() -> sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle())));
            }
        }
    }

    public static Delivery decode(Message m) {
        return DeliveryMessages.read(m, null);
    }

    private static <T> T call(java.util.function.Supplier<java.util.concurrent.CompletableFuture<T>> f) {
        try {
            return f.get().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
