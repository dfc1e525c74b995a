data "aws_iam_policy_document" "ecs_assume" {
  statement {
    actions = ["sts:AssumeRole"]
    principals {
      type        = "Service"
      identifiers = ["ecs-tasks.amazonaws.com"]
    }
  }
}

# Pulls the image, writes logs and reads the secrets it injects.
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
      aws_secretsmanager_secret.github_private_key.arn,
    ]
  }
}

resource "aws_iam_role_policy" "execution_secrets" {
  role   = aws_iam_role.execution.id
  policy = data.aws_iam_policy_document.read_secrets.json
}

# ingest + API: send to the queue, store oversize bodies, run Athena in its workgroup, read the lake.
resource "aws_iam_role" "ingest_api" {
  name_prefix        = "${var.name}-api-"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

data "aws_iam_policy_document" "ingest_api" {
  statement {
    sid       = "Enqueue"
    actions   = ["sqs:SendMessage", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.deliveries.arn]
  }
  statement {
    sid       = "ClaimChecks"
    actions   = ["s3:PutObject"]
    resources = ["${aws_s3_bucket.lake.arn}/raw/oversize/*"]
  }
  statement {
    sid       = "ReadLakeAndResults"
    actions   = ["s3:GetObject", "s3:ListBucket", "s3:GetBucketLocation", "s3:PutObject", "s3:AbortMultipartUpload"]
    resources = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/findings/*", "${aws_s3_bucket.lake.arn}/repositories/*", "${aws_s3_bucket.lake.arn}/athena-results/*"]
  }
  statement {
    sid       = "Athena"
    actions   = ["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution", "athena:GetWorkGroup"]
    resources = [aws_athena_workgroup.lake.arn]
  }
  statement {
    sid     = "Catalog"
    actions = ["glue:GetDatabase", "glue:GetTable", "glue:GetTables", "glue:GetPartition", "glue:GetPartitions", "glue:CreateTable", "glue:UpdateTable"]
    resources = [
      "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:catalog",
      "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:database/${aws_glue_catalog_database.lake.name}",
      "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:table/${aws_glue_catalog_database.lake.name}/*",
    ]
  }
}

resource "aws_iam_role_policy" "ingest_api" {
  role   = aws_iam_role.ingest_api.id
  policy = data.aws_iam_policy_document.ingest_api.json
}

# consumer: receive/delete, write under its prefixes, create Glue partitions.
resource "aws_iam_role" "consumer" {
  name_prefix        = "${var.name}-consumer-"
  assume_role_policy = data.aws_iam_policy_document.ecs_assume.json
}

data "aws_iam_policy_document" "consumer" {
  statement {
    sid       = "Drain"
    actions   = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueUrl", "sqs:GetQueueAttributes"]
    resources = [aws_sqs_queue.deliveries.arn]
  }
  statement {
    sid     = "WriteLake"
    actions = ["s3:PutObject", "s3:GetObject"]
    resources = [
      "${aws_s3_bucket.lake.arn}/raw/*",
      "${aws_s3_bucket.lake.arn}/findings/*",
      "${aws_s3_bucket.lake.arn}/repositories/*",
      "${aws_s3_bucket.lake.arn}/quarantine/*",
    ]
  }
  statement {
    sid       = "ListForReplay"
    actions   = ["s3:ListBucket", "s3:DeleteObject"]
    resources = [aws_s3_bucket.lake.arn, "${aws_s3_bucket.lake.arn}/findings/*", "${aws_s3_bucket.lake.arn}/repositories/*"]
  }
  statement {
    sid     = "Partitions"
    actions = ["glue:GetTable", "glue:BatchCreatePartition", "glue:GetPartition"]
    resources = [
      "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:catalog",
      "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:database/${aws_glue_catalog_database.lake.name}",
      "arn:aws:glue:${var.region}:${data.aws_caller_identity.current.account_id}:table/${aws_glue_catalog_database.lake.name}/*",
    ]
  }
}

resource "aws_iam_role_policy" "consumer" {
  role   = aws_iam_role.consumer.id
  policy = data.aws_iam_policy_document.consumer.json
}

data "aws_caller_identity" "current" {}
