# One page for an operator: webhooks in, the consumer's progress and lag, the queue, the load balancer. The
# alertlake_* metrics are the tasks' own (ALERTLAKE_METRICS_CLOUDWATCH_NAMESPACE, embedded metric format in their
# logs): a counter's datapoint counts its minute. SEARCH draws every event or reason that has been seen (the
# namespace in quotes: a name may hold a "-").
locals {
  namespace = var.name
  dashboard_widgets = [
    {
      title   = "Webhooks accepted, by event (a minute)"
      metrics = [[{ id = "accepted", label = "", expression = "SEARCH('{\"${local.namespace}\",event} MetricName=\"alertlake_webhook_accepted_total\"', 'Sum', 60)" }]]
    },
    {
      title   = "Webhooks refused, by reason (a minute)"
      metrics = [[{ id = "refused", label = "", expression = "SEARCH('{\"${local.namespace}\",reason} MetricName=\"alertlake_webhook_rejected_total\"', 'Sum', 60)" }]]
    },
    {
      title = "Consumer: records written, deliveries quarantined and deferred, failed flushes (a minute)"
      metrics = [
        [local.namespace, "alertlake_consumer_records_total", { stat = "Sum", label = "records written" }],
        [local.namespace, "alertlake_consumer_quarantined_total", { stat = "Sum", label = "quarantined", yAxis = "right" }],
        [local.namespace, "alertlake_consumer_deferred_total", { stat = "Sum", label = "deferred", yAxis = "right" }],
        [local.namespace, "alertlake_consumer_flush_failures_total", { stat = "Sum", label = "failed flushes", yAxis = "right" }],
      ]
    },
    {
      title = "Lag: the oldest delivery not yet in the lake (seconds)"
      metrics = [
        [local.namespace, "alertlake_consumer_lag_seconds", { stat = "Maximum", label = "held by the consumer" }],
        ["AWS/SQS", "ApproximateAgeOfOldestMessage", "QueueName", aws_sqs_queue.deliveries.name, { stat = "Maximum", label = "waiting in the queue" }],
      ]
    },
    {
      title = "Flushes (seconds)"
      metrics = [
        [local.namespace, "alertlake_consumer_flush_seconds_max", { stat = "Maximum", label = "longest" }],
        [{ id = "average", label = "average", expression = "sum / count" }],
        [local.namespace, "alertlake_consumer_flush_seconds_sum", { id = "sum", stat = "Sum", visible = false }],
        [local.namespace, "alertlake_consumer_flush_seconds_count", { id = "count", stat = "Sum", visible = false }],
      ]
    },
    {
      title = "Queue: deliveries waiting, and in the dead-letter queue"
      metrics = [
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.deliveries.name, { stat = "Maximum", label = "waiting" }],
        ["AWS/SQS", "ApproximateNumberOfMessagesVisible", "QueueName", aws_sqs_queue.dlq.name, { stat = "Maximum", label = "dead-lettered", yAxis = "right" }],
      ]
    },
    {
      title = "Queueing a webhook: SendMessage's wait (seconds)"
      metrics = [
        [local.namespace, "alertlake_webhook_enqueue_seconds_max", { stat = "Maximum", label = "longest" }],
      ]
    },
    {
      title = "GraphQL's queries on the engine, by engine and outcome: count (a minute) and longest (seconds)"
      metrics = [
        [{ id = "queries", label = "", expression = "SEARCH('{\"${local.namespace}\",engine,outcome} MetricName=\"alertlake_query_seconds_count\"', 'Sum', 60)" }],
        [{ id = "longest", label = "", yAxis = "right", expression = "SEARCH('{\"${local.namespace}\",engine,outcome} MetricName=\"alertlake_query_seconds_max\"', 'Maximum', 60)" }],
      ]
    },
    {
      title = "Athena: bytes the workgroup's queries scanned (a minute), what Athena bills"
      metrics = [
        [{ id = "scanned", label = "", expression = "SEARCH('{\"AWS/Athena\",QueryState,QueryType,WorkGroup} MetricName=\"ProcessedBytes\" WorkGroup=\"${aws_athena_workgroup.lake.name}\"', 'Sum', 60)" }],
      ]
    },
    {
      title = "Load balancer: requests and 5xx (a minute)"
      metrics = [
        ["AWS/ApplicationELB", "RequestCount", "LoadBalancer", aws_lb.alertlake.arn_suffix, { stat = "Sum", label = "requests" }],
        ["AWS/ApplicationELB", "HTTPCode_Target_5XX_Count", "LoadBalancer", aws_lb.alertlake.arn_suffix, { stat = "Sum", label = "5xx from a task", yAxis = "right" }],
        ["AWS/ApplicationELB", "HTTPCode_ELB_5XX_Count", "LoadBalancer", aws_lb.alertlake.arn_suffix, { stat = "Sum", label = "5xx from the load balancer", yAxis = "right" }],
      ]
    },
  ]
}

resource "aws_cloudwatch_dashboard" "alertlake" {
  dashboard_name = var.name
  dashboard_body = jsonencode({
    widgets = [for i, w in local.dashboard_widgets : {
      type   = "metric"
      x      = (i % 2) * 12
      y      = floor(i / 2) * 6
      width  = 12
      height = 6
      properties = {
        title   = w.title
        region  = var.region
        view    = "timeSeries"
        period  = 60
        metrics = w.metrics
      }
    }]
  })
}
