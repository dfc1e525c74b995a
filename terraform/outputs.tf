output "webhook_url" {
  description = "Payload URL for the GitHub App's webhook."
  value       = "https://${aws_lb.alertlake.dns_name}/webhooks/github"
}

output "graphql_url" {
  description = "GraphQL endpoint (bearer token from the api-tokens secret)."
  value       = "https://${aws_lb.alertlake.dns_name}/graphql"
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
    github_private_key      = aws_secretsmanager_secret.github_private_key.arn
  }
}
