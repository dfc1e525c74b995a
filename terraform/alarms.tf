locals {
  alarm_actions = var.alarm_topic_arn == null ? [] : [var.alarm_topic_arn]
  logged_errors = {
    consumer = {
      log_group   = aws_cloudwatch_log_group.consumer.name
      metric      = "ConsumerErrors"
      description = "The consumer logged an error (a flush failed, S3 or Glue refused a write) or a thread of it died (the task exits and is replaced)."
    }
    ingest-api = {
      log_group   = aws_cloudwatch_log_group.ingest_api.name
      metric      = "IngestApiErrors"
      description = "The ingest+API task logged an error: a replay or a backfill failed, or the views of sql/ could not be applied (queries may use outdated ones)."
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "dlq_not_empty" {
  alarm_name          = "${var.name}-dlq-not-empty"
  alarm_description   = "Deliveries failed 5 times and wait in the dead-letter queue."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.dlq.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching" # SQS stops reporting a queue that has been idle for hours
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "oldest_message" {
  alarm_name          = "${var.name}-oldest-message"
  alarm_description   = "The consumer is falling behind."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.deliveries.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 2
  threshold           = 900
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# The load balancer publishes a 5xx count only for periods that had one: no data means no error.
resource "aws_cloudwatch_metric_alarm" "alb_5xx" {
  alarm_name          = "${var.name}-alb-5xx"
  alarm_description   = "Webhooks or queries answered 5xx by a task (a 503 means a delivery was not queued)."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_Target_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.alertlake.arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# 5xx the load balancer answers itself: 503 with no healthy task, 502/504 when a task fails or stalls mid-request.
# GitHub's deliveries are then lost until they are redelivered, and the target count above sees none of it.
resource "aws_cloudwatch_metric_alarm" "alb_elb_5xx" {
  alarm_name          = "${var.name}-alb-elb-5xx"
  alarm_description   = "The load balancer answered 5xx itself (no healthy ingest+API task, or a task failed mid-request): webhooks are not being accepted."
  namespace           = "AWS/ApplicationELB"
  metric_name         = "HTTPCode_ELB_5XX_Count"
  dimensions          = { LoadBalancer = aws_lb.alertlake.arn_suffix }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

resource "aws_cloudwatch_metric_alarm" "no_healthy_task" {
  alarm_name        = "${var.name}-no-healthy-task"
  alarm_description = "No ingest+API task passes the health check: webhooks and queries get 503."
  namespace         = "AWS/ApplicationELB"
  metric_name       = "HealthyHostCount"
  dimensions = {
    LoadBalancer = aws_lb.alertlake.arn_suffix
    TargetGroup  = aws_lb_target_group.ingest_api.arn_suffix
  }
  statistic           = "Minimum"
  period              = 60
  evaluation_periods  = 3
  threshold           = 1
  comparison_operator = "LessThanThreshold"
  treat_missing_data  = "breaching" # the count is published while the target group is in use: silence is not health
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# Errors each service logs count into a metric of its own, and each metric has an alarm.
resource "aws_cloudwatch_log_metric_filter" "errors" {
  for_each       = local.logged_errors
  name           = "${var.name}-${each.key}-errors"
  log_group_name = each.value.log_group
  pattern        = "?ERROR ?FATAL" # FATAL: a consumer thread died and the task exits
  metric_transformation {
    name      = each.value.metric
    namespace = var.name
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "errors" {
  for_each            = local.logged_errors
  alarm_name          = "${var.name}-${each.key}-errors"
  alarm_description   = each.value.description
  namespace           = var.name
  metric_name         = each.value.metric
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# A quarantined delivery is logged at WARN (bad input, not a failure of the service), but it is not in the lake until
# someone reads its error under quarantine/, fixes the mapping and replays its day.
resource "aws_cloudwatch_log_metric_filter" "quarantined" {
  name           = "${var.name}-quarantined"
  log_group_name = aws_cloudwatch_log_group.consumer.name
  pattern        = "\"quarantined:\"" # DeliveryConsumer: "delivery <id> (<event>) quarantined: <why>"
  metric_transformation {
    name      = "DeliveriesQuarantined"
    namespace = var.name
    value     = "1"
  }
}

resource "aws_cloudwatch_metric_alarm" "quarantined" {
  alarm_name          = "${var.name}-quarantined"
  alarm_description   = "The consumer quarantined deliveries it could not map: read quarantine/day=.../ (each line has its error), fix, then POST /admin/replay for those days."
  namespace           = var.name
  metric_name         = aws_cloudwatch_log_metric_filter.quarantined.metric_transformation[0].name
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 1
  threshold           = 0
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# Counted by the ingest tasks and published through their log (ALERTLAKE_METRICS_CLOUDWATCH_NAMESPACE, embedded
# metric format). A secret that no longer matches GitHub's refuses every delivery, and GitHub does not retry them:
# they wait for the redelivery sweep, within GitHub's three days.
resource "aws_cloudwatch_metric_alarm" "signatures_refused" {
  alarm_name          = "${var.name}-signatures-refused"
  alarm_description   = "Webhooks were refused for a wrong signature (401): the webhook secret may no longer match the one GitHub signs with (see Rotating secrets in docs/deploy.md), or someone is sending forged deliveries."
  namespace           = var.name
  metric_name         = "alertlake_webhook_rejected_total"
  dimensions          = { reason = "signature_invalid" }
  statistic           = "Sum"
  period              = 300
  evaluation_periods  = 2 # a task writes its minute's counts after the minute: a period may be late
  datapoints_to_alarm = 1
  threshold           = 10
  comparison_operator = "GreaterThanThreshold"
  treat_missing_data  = "notBreaching"
  alarm_actions       = local.alarm_actions
  ok_actions          = local.alarm_actions
}

# the consumer's filter and alarm were single resources before the ingest+API task had its own
moved {
  from = aws_cloudwatch_log_metric_filter.consumer_errors
  to   = aws_cloudwatch_log_metric_filter.errors["consumer"]
}

moved {
  from = aws_cloudwatch_metric_alarm.consumer_errors
  to   = aws_cloudwatch_metric_alarm.errors["consumer"]
}

resource "aws_wafv2_ip_set" "github_hooks" {
  count              = var.enable_waf ? 1 : 0
  name               = "${var.name}-github-hooks"
  scope              = "REGIONAL"
  ip_address_version = "IPV4"
  # the load balancer listens on IPv4 only, so GitHub's IPv6 hook ranges cannot occur
  addresses = [for cidr in var.github_hook_cidrs : cidr if !strcontains(cidr, ":")]
  lifecycle {
    precondition {
      condition     = length(var.github_hook_cidrs) > 0
      error_message = "enable_waf needs github_hook_cidrs (the hooks list of https://api.github.com/meta), or every webhook is blocked."
    }
  }
}

resource "aws_wafv2_web_acl" "webhooks" {
  count = var.enable_waf ? 1 : 0
  name  = "${var.name}-webhooks"
  scope = "REGIONAL"
  default_action {
    allow {}
  }
  rule {
    name     = "webhooks-only-from-github"
    priority = 1
    action {
      block {}
    }
    statement {
      and_statement {
        statement {
          byte_match_statement {
            search_string         = "/webhooks/"
            positional_constraint = "STARTS_WITH"
            field_to_match {
              uri_path {}
            }
            # the path as the service reads it: /admin/%2e%2e/webhooks/github is a webhook too
            text_transformation {
              priority = 0
              type     = "URL_DECODE"
            }
            text_transformation {
              priority = 1
              type     = "NORMALIZE_PATH"
            }
          }
        }
        statement {
          not_statement {
            statement {
              ip_set_reference_statement {
                arn = aws_wafv2_ip_set.github_hooks[0].arn
              }
            }
          }
        }
      }
    }
    visibility_config {
      cloudwatch_metrics_enabled = true
      metric_name                = "webhooks-only-from-github"
      sampled_requests_enabled   = true
    }
  }
  visibility_config {
    cloudwatch_metrics_enabled = true
    metric_name                = var.name
    sampled_requests_enabled   = true
  }
}

resource "aws_wafv2_web_acl_association" "webhooks" {
  count        = var.enable_waf ? 1 : 0
  resource_arn = aws_lb.alertlake.arn
  web_acl_arn  = aws_wafv2_web_acl.webhooks[0].arn
}
