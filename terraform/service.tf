resource "aws_ecr_repository" "alertlake" {
  name                 = var.name
  image_tag_mutability = "IMMUTABLE"
  image_scanning_configuration {
    scan_on_push = true
  }
}

# Only untagged images expire (a push that was interrupted or replaced, manifests no tag names). A count rule over
# tagged images would delete the image a service runs once enough newer ones were pushed, and the next task
# start (a scale-out, a replaced task) would fail; every build is tagged with its commit, so old builds are deleted
# by hand (docs/deploy.md, "Operating").
resource "aws_ecr_lifecycle_policy" "alertlake" {
  repository = aws_ecr_repository.alertlake.name
  policy = jsonencode({
    rules = [{
      rulePriority = 1
      description  = "expire untagged images a week after their push"
      selection = {
        tagStatus   = "untagged"
        countType   = "sinceImagePushed"
        countUnit   = "days"
        countNumber = 7
      }
      action = { type = "expire" }
    }]
  })
}

resource "aws_ecs_cluster" "alertlake" {
  name = var.name
}

resource "aws_cloudwatch_log_group" "ingest_api" {
  name              = "/ecs/${var.name}/ingest-api"
  retention_in_days = var.log_retention_days
}

resource "aws_cloudwatch_log_group" "consumer" {
  name              = "/ecs/${var.name}/consumer"
  retention_in_days = var.log_retention_days
}

locals {
  image = "${aws_ecr_repository.alertlake.repository_url}:${var.image_tag}"
  # the orgs counted: the api role's jobs read only their installations, the consumer quarantines the others'
  github_orgs = length(var.github_orgs) > 0 ? [{ name = "ALERTLAKE_GITHUB_ORGS", value = join(",", var.github_orgs) }] : []
  environment = [
    { name = "ALERTLAKE_MODE", value = "aws" },
    { name = "ALERTLAKE_QUEUE_URL", value = aws_sqs_queue.deliveries.url },
    { name = "ALERTLAKE_LAKE_BUCKET", value = aws_s3_bucket.lake.bucket },
    { name = "ALERTLAKE_LAKE_RAW_COMPRESSION", value = var.raw_compression },
    { name = "ALERTLAKE_ATHENA_DATABASE", value = aws_glue_catalog_database.lake.name },
    { name = "ALERTLAKE_ATHENA_WORKGROUP", value = aws_athena_workgroup.lake.name },
    { name = "AWS_REGION", value = var.region },
    # the tasks' alertlake_* meters reach CloudWatch through their logs (embedded metric format), beside the
    # log metric filters' metrics
    { name = "ALERTLAKE_METRICS_CLOUDWATCH_NAMESPACE", value = var.name },
    # the load balancer reaches the tasks on their VPC address (the packaged default is loopback)
    { name = "QUARKUS_HTTP_HOST", value = "0.0.0.0" },
    # a log record a line, a JSON object with its stack trace in it: a CloudWatch Logs event each
    { name = "QUARKUS_LOG_CONSOLE_JSON_ENABLED", value = "true" },
  ]
  secrets = [
    { name = "ALERTLAKE_WEBHOOK_SECRET", valueFrom = aws_secretsmanager_secret.webhook_secret.arn },
    { name = "ALERTLAKE_WEBHOOK_PREVIOUS_SECRET", valueFrom = aws_secretsmanager_secret.webhook_previous_secret.arn },
    { name = "ALERTLAKE_API_TOKENS", valueFrom = aws_secretsmanager_secret.api_tokens.arn },
    { name = "ALERTLAKE_API_ADMIN_TOKENS", valueFrom = aws_secretsmanager_secret.api_admin_tokens.arn },
    { name = "ALERTLAKE_GITHUB_PRIVATE_KEY", valueFrom = aws_secretsmanager_secret.github_private_key.arn },
  ]
}

resource "aws_ecs_task_definition" "ingest_api" {
  family                   = "${var.name}-ingest-api"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 512
  memory                   = 1024
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.ingest_api.arn
  # the native executable is built for x86-64 (docs/deploy.md builds with --platform linux/amd64)
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name         = "alertlake"
    image        = local.image
    essential    = true
    portMappings = [{ containerPort = 8080 }]
    environment = concat(local.environment, local.github_orgs, [
      { name = "ALERTLAKE_ROLES", value = "ingest,api" },
      # the GitHub App's jobs run here, beside its private key; the consumer has neither
      { name = "ALERTLAKE_GITHUB_APP_ID", value = var.github_app_id },
    ])
    secrets     = local.secrets
    stopTimeout = 30 # finish in-flight deliveries (GitHub waits 10 s) after the ALB stopped routing here
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.ingest_api.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "alertlake"
      }
    }
  }])
}

resource "aws_ecs_task_definition" "consumer" {
  family                   = "${var.name}-consumer"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = 1024
  memory                   = 2048
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.consumer.arn
  # the native executable is built for x86-64 (docs/deploy.md builds with --platform linux/amd64)
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64"
  }
  container_definitions = jsonencode([{
    name        = "alertlake"
    image       = local.image
    essential   = true
    environment = concat(local.environment, local.github_orgs, [{ name = "ALERTLAKE_ROLES", value = "consume" }])
    # no secrets: the consumer verifies no webhook, serves no API and calls no GitHub
    stopTimeout = 120 # the Fargate maximum: the consumer flushes its buffer on SIGTERM before it exits
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.consumer.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "alertlake"
      }
    }
  }])
}

# The two groups name each other, so their rules are resources of their own (inline rules would be a cycle).
resource "aws_security_group" "alb" {
  name_prefix = "${var.name}-alb-"
  vpc_id      = var.vpc_id
}

resource "aws_security_group" "tasks" {
  name_prefix = "${var.name}-tasks-"
  vpc_id      = var.vpc_id
}

resource "aws_vpc_security_group_ingress_rule" "alb_https" {
  security_group_id = aws_security_group.alb.id
  description       = "HTTPS from GitHub and the API's clients"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

# the load balancer forwards to and health-checks the tasks, and reaches nothing else
resource "aws_vpc_security_group_egress_rule" "alb_to_tasks" {
  security_group_id            = aws_security_group.alb.id
  description                  = "to the ingest+API tasks"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.tasks.id
}

resource "aws_vpc_security_group_ingress_rule" "tasks_from_alb" {
  security_group_id            = aws_security_group.tasks.id
  description                  = "from the load balancer"
  ip_protocol                  = "tcp"
  from_port                    = 8080
  to_port                      = 8080
  referenced_security_group_id = aws_security_group.alb.id
}

# AWS APIs and api.github.com, through the NAT
resource "aws_vpc_security_group_egress_rule" "tasks_https" {
  security_group_id = aws_security_group.tasks.id
  description       = "HTTPS to AWS and GitHub"
  ip_protocol       = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_ipv4         = "0.0.0.0/0"
}

resource "aws_lb" "alertlake" {
  name_prefix                = "alrtlk"
  load_balancer_type         = "application"
  subnets                    = var.public_subnet_ids
  security_groups            = [aws_security_group.alb.id]
  drop_invalid_header_fields = true
  # POST /admin/redeliver answers when its sweep is done; the default 60 s could cut it off
  idle_timeout = 900
}

resource "aws_lb_target_group" "ingest_api" {
  name_prefix = "alrtlk"
  port        = 8080
  protocol    = "HTTP"
  target_type = "ip"
  vpc_id      = var.vpc_id
  # webhook and GraphQL requests are short; do not keep a stopping task in rotation for the default 5 min
  deregistration_delay = 30
  # liveness, not readiness: ECS replaces a task the load balancer finds unhealthy, and replacing every task during an
  # SQS outage would fix nothing (webhooks are answered 503 and asked for again) and take GraphQL and /admin down too
  health_check {
    path    = "/q/health/live"
    matcher = "200"
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.alertlake.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = "ELBSecurityPolicy-TLS13-1-2-2021-06"
  certificate_arn   = var.certificate_arn
  default_action {
    type = "fixed-response"
    fixed_response {
      content_type = "text/plain"
      status_code  = "404"
    }
  }
}

resource "aws_lb_listener_rule" "ingest_api" {
  listener_arn = aws_lb_listener.https.arn
  action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.ingest_api.arn
  }
  condition {
    path_pattern {
      values = ["/webhooks/github", "/graphql", "/graphql/*", "/admin/*"]
    }
  }
}

resource "aws_ecs_service" "ingest_api" {
  name            = "${var.name}-ingest-api"
  cluster         = aws_ecs_cluster.alertlake.id
  task_definition = aws_ecs_task_definition.ingest_api.arn
  desired_count   = var.ingest_min_tasks
  launch_type     = "FARGATE"
  # a task that cannot start (e.g. a secret still empty) stops the rollout instead of looping forever
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.ingest_api.arn
    container_name   = "alertlake"
    container_port   = 8080
  }
  lifecycle {
    ignore_changes = [desired_count]
  }
  # ECS refuses a target group no listener forwards to yet; and the task's rights and network rules (and the
  # execution role's rights, which start it) are created before and removed only after the service, whose tasks
  # use them until they stop
  depends_on = [
    aws_lb_listener_rule.ingest_api,
    aws_iam_role_policy.ingest_api,
    aws_iam_role_policy.execution_secrets,
    aws_iam_role_policy_attachment.execution,
    aws_vpc_security_group_ingress_rule.tasks_from_alb,
    aws_vpc_security_group_egress_rule.alb_to_tasks,
    aws_vpc_security_group_egress_rule.tasks_https,
  ]
}

resource "aws_ecs_service" "consumer" {
  name            = "${var.name}-consumer"
  cluster         = aws_ecs_cluster.alertlake.id
  task_definition = aws_ecs_task_definition.consumer.arn
  desired_count   = 1
  launch_type     = "FARGATE"
  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets         = var.private_subnet_ids
    security_groups = [aws_security_group.tasks.id]
  }
  lifecycle {
    ignore_changes = [desired_count]
  }
  # a stopping consumer flushes its buffer to S3 and Glue and deletes the messages: on destroy its rights (and
  # its way out) go only after it has stopped
  depends_on = [
    aws_iam_role_policy.consumer,
    aws_iam_role_policy_attachment.execution,
    aws_vpc_security_group_egress_rule.tasks_https,
  ]
}

# ingest+API scale on requests per task; the consumer on the queue's backlog.
resource "aws_appautoscaling_target" "ingest_api" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.alertlake.name}/${aws_ecs_service.ingest_api.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.ingest_min_tasks
  max_capacity       = var.ingest_max_tasks
}

resource "aws_appautoscaling_policy" "ingest_api_requests" {
  name               = "${var.name}-requests"
  service_namespace  = "ecs"
  resource_id        = aws_appautoscaling_target.ingest_api.resource_id
  scalable_dimension = aws_appautoscaling_target.ingest_api.scalable_dimension
  policy_type        = "TargetTrackingScaling"
  target_tracking_scaling_policy_configuration {
    target_value = 1000
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.alertlake.arn_suffix}/${aws_lb_target_group.ingest_api.arn_suffix}"
    }
  }
}

resource "aws_appautoscaling_target" "consumer" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.alertlake.name}/${aws_ecs_service.consumer.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = 1
  max_capacity       = var.consumer_max_tasks
}

# Scale out by one task while the backlog is deep or its oldest delivery is old; scale in by one after the
# queue has been nearly empty for 15 minutes. Each flush writes one file per partition, so fewer, fuller
# consumers make better files: scale out only when one task is really behind.
resource "aws_appautoscaling_policy" "consumer_out" {
  name               = "${var.name}-consumer-out"
  service_namespace  = "ecs"
  resource_id        = aws_appautoscaling_target.consumer.resource_id
  scalable_dimension = aws_appautoscaling_target.consumer.scalable_dimension
  policy_type        = "StepScaling"
  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 180
    metric_aggregation_type = "Maximum"
    step_adjustment {
      metric_interval_lower_bound = 0
      scaling_adjustment          = 1
    }
  }
}

resource "aws_appautoscaling_policy" "consumer_in" {
  name               = "${var.name}-consumer-in"
  service_namespace  = "ecs"
  resource_id        = aws_appautoscaling_target.consumer.resource_id
  scalable_dimension = aws_appautoscaling_target.consumer.scalable_dimension
  policy_type        = "StepScaling"
  step_scaling_policy_configuration {
    adjustment_type         = "ChangeInCapacity"
    cooldown                = 300
    metric_aggregation_type = "Maximum"
    step_adjustment {
      metric_interval_upper_bound = 0
      scaling_adjustment          = -1
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "consumer_backlog_deep" {
  alarm_name          = "${var.name}-consumer-backlog-deep"
  alarm_description   = "Scales the consumer out: many deliveries wait."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.deliveries.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 2
  threshold           = var.consumer_scale_out_backlog
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_appautoscaling_policy.consumer_out.arn]
}

resource "aws_cloudwatch_metric_alarm" "consumer_backlog_old" {
  alarm_name          = "${var.name}-consumer-backlog-old"
  alarm_description   = "Scales the consumer out: deliveries wait longer than a few flush intervals."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateAgeOfOldestMessage"
  dimensions          = { QueueName = aws_sqs_queue.deliveries.name }
  statistic           = "Maximum"
  period              = 60
  evaluation_periods  = 3
  threshold           = var.consumer_scale_out_age_seconds
  comparison_operator = "GreaterThanThreshold"
  alarm_actions       = [aws_appautoscaling_policy.consumer_out.arn]
}

resource "aws_cloudwatch_metric_alarm" "consumer_backlog_drained" {
  alarm_name          = "${var.name}-consumer-backlog-drained"
  alarm_description   = "Scales the consumer in: the queue has been nearly empty for 15 minutes."
  namespace           = "AWS/SQS"
  metric_name         = "ApproximateNumberOfMessagesVisible"
  dimensions          = { QueueName = aws_sqs_queue.deliveries.name }
  statistic           = "Maximum"
  period              = 300
  evaluation_periods  = 3
  threshold           = 100
  comparison_operator = "LessThanThreshold"
  alarm_actions       = [aws_appautoscaling_policy.consumer_in.arn]
}
