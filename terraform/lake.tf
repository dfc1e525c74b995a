resource "aws_s3_bucket" "lake" {
  bucket_prefix = "${var.name}-lake-"
}

resource "aws_s3_bucket_public_access_block" "lake" {
  bucket                  = aws_s3_bucket.lake.id
  block_public_acls       = true
  block_public_policy     = true
  ignore_public_acls      = true
  restrict_public_buckets = true
}

resource "aws_s3_bucket_server_side_encryption_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id
  rule {
    apply_server_side_encryption_by_default {
      sse_algorithm = "AES256"
    }
  }
}

resource "aws_s3_bucket_versioning" "lake" {
  bucket = aws_s3_bucket.lake.id
  versioning_configuration {
    status = "Enabled"
  }
}

resource "aws_s3_bucket_lifecycle_configuration" "lake" {
  bucket = aws_s3_bucket.lake.id
  rule {
    id     = "raw-to-archive"
    status = "Enabled"
    # the archive (raw/day=…/), not the claim checks under raw/oversize/, which expire before it would pay off
    filter {
      prefix = "raw/day="
    }
    # raw/ is read only by replays, which are rare: Glacier Instant Retrieval keeps them a request away.
    transition {
      days          = var.raw_archive_days
      storage_class = "GLACIER_IR"
    }
  }
  # A body too large for SQS waits under raw/oversize/ until the consumer has archived its delivery: the raw/day=…
  # line holds the body itself, and replays read only those. A message lives at most 4 days in the queue and 14
  # in the dead-letter queue (queue.tf; SQS counts both from its first enqueue), another 4 if it is redriven at
  # the last moment: after 30 days no message can point to the body any more.
  rule {
    id     = "claim-checks-expire"
    status = "Enabled"
    filter {
      prefix = "raw/oversize/"
    }
    expiration {
      days = 30
    }
  }
  # Replays overwrite findings files; older versions are only needed long enough to undo a bad replay. This also
  # removes what the expiring prefixes leave behind in the versioned bucket: their expired objects become older
  # versions here, and the delete markers left with no version to hide are removed.
  rule {
    id     = "noncurrent-versions-expire"
    status = "Enabled"
    filter {}
    noncurrent_version_expiration {
      noncurrent_days = var.noncurrent_version_days
    }
    expiration {
      expired_object_delete_marker = true
    }
    abort_incomplete_multipart_upload {
      days_after_initiation = 7
    }
  }
  # The progress of finished backfills and replays (GET /admin/backfill, /admin/replay): the API task writes
  # it and may not delete.
  rule {
    id     = "backfill-runs-expire"
    status = "Enabled"
    filter {
      prefix = "state/backfill-runs/"
    }
    expiration {
      days = 90
    }
  }
  rule {
    id     = "replay-runs-expire"
    status = "Enabled"
    filter {
      prefix = "state/replay-runs/"
    }
    expiration {
      days = 90
    }
  }
  # An operator's request to cancel a run (DELETE /admin/backfill/{id}, /admin/replay/{id}): read only while that run
  # goes, then kept as long as the run's progress.
  rule {
    id     = "backfill-cancel-expire"
    status = "Enabled"
    filter {
      prefix = "state/backfill-cancel/"
    }
    expiration {
      days = 90
    }
  }
  rule {
    id     = "replay-cancel-expire"
    status = "Enabled"
    filter {
      prefix = "state/replay-cancel/"
    }
    expiration {
      days = 90
    }
  }
  rule {
    id     = "athena-results-expire"
    status = "Enabled"
    filter {
      prefix = "athena-results/"
    }
    expiration {
      days = var.athena_results_days
    }
  }
  # on a versioned bucket the rules above act on versions: apply them once versioning is on
  depends_on = [aws_s3_bucket_versioning.lake]
}

data "aws_iam_policy_document" "lake_tls_only" {
  statement {
    sid     = "DenyInsecureTransport"
    effect  = "Deny"
    actions = ["s3:*"]
    resources = [
      aws_s3_bucket.lake.arn,
      "${aws_s3_bucket.lake.arn}/*",
    ]
    principals {
      type        = "*"
      identifiers = ["*"]
    }
    condition {
      test     = "Bool"
      variable = "aws:SecureTransport"
      values   = ["false"]
    }
  }
}

resource "aws_s3_bucket_policy" "lake" {
  bucket = aws_s3_bucket.lake.id
  policy = data.aws_iam_policy_document.lake_tls_only.json
  # S3 answers OperationAborted to a policy and a public access block written to one bucket at the same time
  depends_on = [aws_s3_bucket_public_access_block.lake]
}

# Glue tables with the columns of the Parquet the consumer writes. The column lists come from
# glue_columns.tf.json, generated from src/main/resources/ocsf/*.avsc (a test keeps them equal).
resource "aws_glue_catalog_database" "lake" {
  name = replace(var.name, "-", "_")
}

resource "aws_glue_catalog_table" "findings" {
  database_name = aws_glue_catalog_database.lake.name
  name          = "findings"
  table_type    = "EXTERNAL_TABLE"
  parameters = {
    classification = "parquet"
  }
  dynamic "partition_keys" {
    for_each = local.findings_partition_keys
    content {
      name = partition_keys.value
      type = "string"
    }
  }
  storage_descriptor {
    location      = "s3://${aws_s3_bucket.lake.bucket}/findings/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }
    dynamic "columns" {
      for_each = local.findings_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

resource "aws_glue_catalog_table" "repositories" {
  database_name = aws_glue_catalog_database.lake.name
  name          = "repositories"
  table_type    = "EXTERNAL_TABLE"
  parameters = {
    classification = "parquet"
  }
  partition_keys {
    name = "day"
    type = "string"
  }
  storage_descriptor {
    location      = "s3://${aws_s3_bucket.lake.bucket}/repositories/"
    input_format  = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat"
    output_format = "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat"
    ser_de_info {
      serialization_library = "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe"
    }
    dynamic "columns" {
      for_each = local.repositories_columns
      content {
        name = columns.value.name
        type = columns.value.type
      }
    }
  }
}

resource "aws_athena_workgroup" "lake" {
  name = var.name
  # a workgroup that has run queries is "not empty" and cannot be deleted otherwise; it holds query history and
  # saved queries only, the data is in the lake bucket
  force_destroy = true
  configuration {
    enforce_workgroup_configuration    = true
    bytes_scanned_cutoff_per_query     = var.athena_bytes_scanned_cutoff
    publish_cloudwatch_metrics_enabled = true
    engine_version {
      selected_engine_version = "Athena engine version 3"
    }
    result_configuration {
      output_location = "s3://${aws_s3_bucket.lake.bucket}/athena-results/"
      encryption_configuration {
        encryption_option = "SSE_S3"
      }
    }
  }
}
