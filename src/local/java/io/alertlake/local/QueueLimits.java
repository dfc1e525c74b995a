package io.alertlake.local;

import org.elasticmq.Limit;
import org.elasticmq.Limits;
import org.elasticmq.NoLimit$;
import org.elasticmq.RangeLimit;
import org.elasticmq.StrictSQSLimits$;
import scala.collection.immutable.List;
import scala.math.BigDecimal;

/**
 * SQS's limits as ElasticMQ's strict mode enforces them (sizes, batch size, attributes, wait time), except the
 * check of every body character against SQS's allowed ranges: ElasticMQ makes it one boxed code point at a
 * time, and under load it took about a third of the process's CPU (docs/benchmarks.md). alertlake only sends bodies
 * that already passed the same check ({@code DeliveryMessages.sqsSafeText}, tested by the ingest tests on what
 * lands in the queue); in aws mode SQS itself checks them.
 */
final class QueueLimits implements Limits {

    static final QueueLimits INSTANCE = new QueueLimits();

    private static final Limits STRICT = StrictSQSLimits$.MODULE$;

    private QueueLimits() {
    }

    @Override
    @SuppressWarnings("unchecked")
    public Limit<List<RangeLimit<Object>>> bodyValidCharactersLimit() {
        return (Limit<List<RangeLimit<Object>>>) (Limit<?>) NoLimit$.MODULE$;
    }

    @Override
    public Limit<Object> queueNameLengthLimit() {
        return STRICT.queueNameLengthLimit();
    }

    @Override
    public Limit<Object> batchSizeLimit() {
        return STRICT.batchSizeLimit();
    }

    @Override
    public Limit<RangeLimit<Object>> numberOfMessagesLimit() {
        return STRICT.numberOfMessagesLimit();
    }

    @Override
    public Limit<Object> nonEmptyAttributesLimit() {
        return STRICT.nonEmptyAttributesLimit();
    }

    @Override
    public Limit<RangeLimit<BigDecimal>> numberAttributeValueLimit() {
        return STRICT.numberAttributeValueLimit();
    }

    @Override
    public Limit<RangeLimit<Object>> messageWaitTimeLimit() {
        return STRICT.messageWaitTimeLimit();
    }

    @Override
    public Limit<Object> maxMessageLength() {
        return STRICT.maxMessageLength();
    }

    @Override
    public Limit<Object> messageAttributesLimit() {
        return STRICT.messageAttributesLimit();
    }
}
