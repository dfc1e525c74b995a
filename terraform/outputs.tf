locals {
  # GitHub verifies the certificate, so the URLs use the name the certificate was issued for
  host = coalesce(var.domain_name, aws_lb.alertlake.dns_name)
}

output "webhook_url" {
  description = "Payload URL for the GitHub App's webhook."
  value       = "https://${local.host}/webhooks/github"
}

output "graphql_url" {
  description = "GraphQL endpoint (bearer token from the api-tokens secret)."
  value       = "https://${local.host}/graphql"
}

output "load_balancer_dns_name" {
  description = "Point domain_name at this (CNAME, or a Route 53 alias)."
  value       = aws_lb.alertlake.dns_name
}

output "lake_bucket" {
  description = "S3 bucket of the lake (raw/, findings/, repositories/, quarantine/, athena-results/)."
  value       = aws_s3_bucket.lake.bucket
}

output "athena_database" {
  description = "Glue/Athena database with the findings table and the alertlake views."
  value       = aws_glue_catalog_database.lake.name
}

output "athena_workgroup" {
  description = "Athena workgroup to query in."
  value       = aws_athena_workgroup.lake.name
}

output "ecr_repository_url" {
  description = "Where to push the image."
  value       = aws_ecr_repository.alertlake.repository_url
}

output "secret_arns" {
  description = "Secrets to fill in before the services can start."
  value = {
    webhook_secret          = aws_secretsmanager_secret.webhook_secret.arn
    webhook_previous_secret = aws_secretsmanager_secret.webhook_previous_secret.arn
    api_tokens              = aws_secretsmanager_secret.api_tokens.arn
    api_admin_tokens        = aws_secretsmanager_secret.api_admin_tokens.arn
    github_private_key      = aws_secretsmanager_secret.github_private_key.arn
  }
}

output "dashboard_url" {
  description = "CloudWatch dashboard of webhooks, the consumer, the queue and the load balancer."
  value       = "https://${var.region}.console.aws.amazon.com/cloudwatch/home?region=${var.region}#dashboards:name=${aws_cloudwatch_dashboard.alertlake.dashboard_name}"
}
