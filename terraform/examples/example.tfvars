# The smallest deployment: copy, replace the ids with yours, then see docs/deploy.md.
region             = "eu-west-1"
name               = "alertlake"
vpc_id             = "vpc-0123456789abcdef0"
public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
domain_name        = "alertlake.example.com"
image_tag          = "1a2b3c4"
github_app_id      = "123456"
github_orgs        = ["octo-org"] # the orgs counted; [] counts every installation of the App
raw_archive_days   = 30
log_retention_days = 90
