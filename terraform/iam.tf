data "aws_iam_policy_document" "ecs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# The task roles: assumed by ECS on behalf of tasks of this account only (confused deputy).
data "aws_iam_policy_document" "ecs_task_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
    condition {
      test     = "StringEquals"
      variable = "aws:SourceAccount"
      values   = [data.aws_caller_identity.current.account_id]
    }
  }
}

locals {
  glue_catalog  = "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:catalog"
  glue_database = "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:database/${aws_glue_catalog_database.lake.name}"
  glue_table    = "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:table/${aws_glue_catalog_database.lake.name}"
  glue_tables   = "${local.glue_table}/*"
  # the tables the consumer and replays add partitions to
  glue_data_tables = [for t in [aws_glue_catalog_table.findings.name, aws_glue_catalog_table.repositories.name] : "${local.glue_table}/${t}"]
  # the views the service creates at startup from sql/views/ (a test keeps this list equal to those files)
  views      = ["repository_names", "alert_event_states", "alert_events", "alert_lifecycle", "remediation_monthly"]
  glue_views = [for v in local.views : "${local.glue_table}/${v}"]
  lake       = aws_s3_bucket.lake.arn
}

# Pulls the image, writes logs and reads the secrets it injects; the application never sees this role.
resource "aws_iam_role" "execution" {
  name_prefix        = "${var.name}-exec-"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

resource "aws_iam_role_policy_attachment" "execution" {
  role       = aws_iam_role.execution.name
  policy_arn = "arn:aws:iam::aws:policy/service-role/AmazonECSTaskExecutionRolePolicy"
}

data "aws_iam_policy_document" "read_secrets" {
  statement {
    actions = ["secretsmanager:GetSecretValue"]
    resources = [
      aws_secretsmanager_secret.webhook_secret.arn,
      aws_secretsmanager_secret.webhook_previous_secret.arn,
      aws_secretsmanager_secret.api_tokens.arn,
      aws_secretsmanager_secret.api_admin_tokens.arn,
      aws_secretsmanager_secret.github_private_key.arn,
    ]
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

# ingest + API share a task, so this role is the union of both stages: ingest may only enqueue (and park
# bodies over the SQS size limit under raw/oversize/); the API queries through Athena in its own workgroup
# and runs operator replays (POST /admin/replay), which rebuild findings/ and repositories/ from raw/; it also
# runs the GitHub jobs (backfill, reconciliation, redelivery), which enqueue like ingest and keep state/.
resource "aws_iam_role" "ingest_api" {
  name_prefix        = "${var.name}-api-"
  assume_role_policy = data.aws_iam_policy_document.ecs_task_assume.json
}

data "aws_iam_policy_document" "ingest_api" {
  statement {
    sid       = "Enqueue"
    actions   = ["sqs:SendMessage", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.deliveries.arn]
  }
  statement {
    sid       = "ClaimChecks"
    actions   = ["s3:PutObject"]
    resources = ["${local.lake}/raw/oversize/*"]
  }
  statement {
    sid       = "Athena"
    actions   = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"]
    resources = [aws_athena_workgroup.lake.arn]
  }
  # Athena reads the lake and writes query results with the caller's permissions.
  statement {
    sid       = "ListLake"
    actions   = ["s3:ListBucket", "s3:GetBucketLocation"]
    resources = [local.lake]
  }
  statement {
    sid       = "ReadLake"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake}/raw/*", "${local.lake}/findings/*", "${local.lake}/repositories/*"]
  }
  statement {
    sid       = "QueryResults"
    actions   = ["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload", "s3:ListMultipartUploadParts"]
    resources = ["${local.lake}/athena-results/*"]
  }
  # A replay overwrites the files its batches wrote before and deletes those a changed mapping no longer
  # produces; raw/ itself stays read-only.
  statement {
    sid       = "Replay"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.lake}/findings/*", "${local.lake}/repositories/*"]
  }
  # A replay's own quarantine files (<batch>.replay.ndjson.gz), rewritten by the next replay of the batch, or
  # removed when it maps the whole batch; the consumer's quarantine files stay out of its reach.
  statement {
    sid       = "ReplayQuarantine"
    actions   = ["s3:PutObject", "s3:DeleteObject"]
    resources = ["${local.lake}/quarantine/*.replay.ndjson.gz"]
  }
  # Backfill, reconciliation and the redelivery sweep keep their watermarks, and backfills and replays their
  # leases and progress, under state/ (old runs' progress expires by the bucket's lifecycle).
  statement {
    sid       = "GitHubJobState"
    actions   = ["s3:GetObject", "s3:PutObject"]
    resources = ["${local.lake}/state/*"]
  }
  # Queries read the catalog (Athena engine 3 fetches partitions in batches) ...
  statement {
    sid       = "Catalog"
    actions   = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:BatchGetPartition"]
    resources = [local.glue_catalog, local.glue_database, local.glue_tables]
  }
  # ... the views of sql/ are applied at startup (CREATE OR REPLACE VIEW is a Glue table write), and no other
  # table may be created or changed ...
  statement {
    sid       = "Views"
    actions   = ["glue:CreateTable", "glue:UpdateTable"]
    resources = concat([local.glue_catalog, local.glue_database], local.glue_views)
  }
  # ... and replays register the partitions they create.
  statement {
    sid       = "ReplayPartitions"
    actions   = ["glue:BatchCreatePartition"]
    resources = concat([local.glue_catalog, local.glue_database], local.glue_data_tables)
  }
}

resource "aws_iam_role_policy" "ingest_api" {
  role   = aws_iam_role.ingest_api.id
  policy = data.aws_iam_policy_document.ingest_api.json
}

# consumer: receive/delete, write under its prefixes, create Glue partitions. It never deletes objects and cannot
# read what it did not need: only the claim-checked bodies under raw/oversize/.
resource "aws_iam_role" "consumer" {
  name_prefix        = "${var.name}-consumer-"
  assume_role_policy = data.aws_iam_policy_document.ecs_task_assume.json
}

data "aws_iam_policy_document" "consumer" {
  statement {
    sid       = "Drain"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.deliveries.arn]
  }
  # raw/day=… only: the claim-checked bodies of raw/oversize/ are ingest's, and the consumer only reads them
  statement {
    sid     = "WriteLake"
    actions = ["s3:PutObject"]
    resources = [
      "${local.lake}/raw/day=*",
      "${local.lake}/findings/*",
      "${local.lake}/repositories/*",
      "${local.lake}/quarantine/*",
    ]
  }
  statement {
    sid       = "ReadClaimChecks"
    actions   = ["s3:GetObject"]
    resources = ["${local.lake}/raw/oversize/*"]
  }
  # S3 tells a missing object (404) from a forbidden one (403) only to a caller that may list the bucket: a claim
  # check whose body expired is then quarantined with its key, not retried into the dead-letter queue as if S3 had
  # failed. The consumer lists nothing itself.
  statement {
    sid       = "TellMissingClaimChecks"
    actions   = ["s3:ListBucket"]
    resources = [local.lake]
  }
  statement {
    sid       = "Partitions"
    actions   = ["glue:GetTable", "glue:BatchCreatePartition"]
    resources = concat([local.glue_catalog, local.glue_database], local.glue_data_tables)
  }
}

resource "aws_iam_role_policy" "consumer" {
  role   = aws_iam_role.consumer.id
  policy = data.aws_iam_policy_document.consumer.json
}

data "aws_caller_identity" "current" {}
