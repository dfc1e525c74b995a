# A production setup: alarms page someone, only GitHub may deliver webhooks, history kept longer.
region             = "eu-west-1"
name               = "alertlake"
vpc_id             = "vpc-0123456789abcdef0"
public_subnet_ids  = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0aaaaaaaaaaaaaaa2"]
private_subnet_ids = ["subnet-0bbbbbbbbbbbbbbb1", "subnet-0bbbbbbbbbbbbbbb2"]
certificate_arn    = "arn:aws:acm:eu-west-1:123456789012:certificate/00000000-0000-0000-0000-000000000000"
domain_name        = "alertlake.example.com"
image_tag          = "1a2b3c4"
github_app_id      = "123456"
alarm_topic_arn    = "arn:aws:sns:eu-west-1:123456789012:security-oncall"

# GitHub publishes its hook ranges at https://api.github.com/meta and changes them now and then: pass the
# current list on the command line instead of copying it here, e.g.
#   terraform apply -var-file=hardened.tfvars -var "github_hook_cidrs=$(curl -s https://api.github.com/meta | jq -c .hooks)"
enable_waf = true

raw_archive_days            = 90
noncurrent_version_days     = 90
log_retention_days          = 365
athena_bytes_scanned_cutoff = 53687091200 # 50 GiB per query
ingest_min_tasks            = 2
ingest_max_tasks            = 10
consumer_max_tasks          = 6
