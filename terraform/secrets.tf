# Filled in by the operator after apply (see docs/deploy.md); injected into the ingest+API tasks as environment
# (the consumer needs none of them).
resource "aws_secretsmanager_secret" "webhook_secret" {
  name_prefix = "${var.name}-webhook-secret-"
}

resource "aws_secretsmanager_secret" "webhook_previous_secret" {
  name_prefix = "${var.name}-webhook-previous-secret-"
}

resource "aws_secretsmanager_secret" "api_tokens" {
  name_prefix = "${var.name}-api-tokens-"
}

# tokens that may also run the admin endpoints (replay, backfill, redelivery); the api_tokens only read
resource "aws_secretsmanager_secret" "api_admin_tokens" {
  name_prefix = "${var.name}-api-admin-tokens-"
}

resource "aws_secretsmanager_secret" "github_private_key" {
  name_prefix = "${var.name}-github-app-key-"
}
