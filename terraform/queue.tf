# Deliveries wait here until the consumer has written them to the lake.
resource "aws_sqs_queue" "dlq" {
  name                      = "${var.name}-deliveries-dlq"
  max_message_size          = 1048576 # as the delivery queue: a poison delivery moves here whole
  message_retention_seconds = 1209600 # 14 days, the maximum: time to inspect and redrive
  sqs_managed_sse_enabled   = true
}

resource "aws_sqs_queue" "deliveries" {
  name                       = "${var.name}-deliveries"
  max_message_size           = 1048576 # 1 MiB; larger bodies travel as a claim check in S3
  message_retention_seconds  = 345600  # 4 days: longer than any consumer outage we plan for
  visibility_timeout_seconds = 300     # covers buffering (60 s) plus a flush; long flushes extend it
  receive_wait_time_seconds  = 20
  sqs_managed_sse_enabled    = true
  redrive_policy = jsonencode({
    deadLetterTargetArn = aws_sqs_queue.dlq.arn
    maxReceiveCount     = 5
  })
}
