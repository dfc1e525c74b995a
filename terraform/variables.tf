variable "region" {
  description = "AWS region to deploy into."
  type        = string
}

variable "name" {
  description = "Prefix of every resource name."
  type        = string
  default     = "alertlake"
}

variable "vpc_id" {
  description = "Existing VPC for the load balancer and the tasks."
  type        = string
}

variable "public_subnet_ids" {
  description = "Subnets of the internet-facing load balancer (GitHub must reach it)."
  type        = list(string)
}

variable "private_subnet_ids" {
  description = "Subnets of the Fargate tasks (with a NAT: the ingest+API tasks call api.github.com)."
  type        = list(string)
}

variable "certificate_arn" {
  description = "ACM certificate for the HTTPS listener."
  type        = string
}

variable "domain_name" {
  description = "Host name the certificate was issued for and that points at the load balancer; used in the output URLs."
  type        = string
  default     = null
}

variable "image_tag" {
  description = "Tag of the alertlake image in the ECR repository this module creates."
  type        = string
}

variable "github_app_id" {
  description = "Numeric id of the GitHub App (its settings page shows it); the App's key goes into the github_private_key secret."
  type        = string
}

variable "github_orgs" {
  description = "The orgs (or users) alertlake counts (alertlake.github.orgs); empty: every installation of the App. Set it when the App may be installed on any account."
  type        = list(string)
  default     = []
}

variable "raw_archive_days" {
  description = "Days before raw/ deliveries move to an archive storage class."
  type        = number
  default     = 30
}

variable "raw_compression" {
  description = "How the consumer compresses raw/ (alertlake.lake.raw-compression): gzip (raw/...ndjson.gz) or zstd (raw/...ndjson.zst: about the CPU of the default gzip for a third of its bytes). Replay reads either."
  type        = string
  default     = "gzip"

  validation {
    condition     = contains(["gzip", "zstd"], var.raw_compression)
    error_message = "raw_compression must be gzip or zstd."
  }
}

variable "athena_results_days" {
  description = "Days Athena query results are kept."
  type        = number
  default     = 7
}

variable "noncurrent_version_days" {
  description = "Days an overwritten or deleted lake object (e.g. a findings file a replay rewrote) is kept as an older version."
  type        = number
  default     = 30
}

variable "log_retention_days" {
  description = "CloudWatch log retention."
  type        = number
  default     = 30
}

variable "athena_bytes_scanned_cutoff" {
  description = "Per-query limit of bytes scanned in the Athena workgroup."
  type        = number
  default     = 10737418240
}

variable "ingest_min_tasks" {
  description = "Minimum ingest+API tasks."
  type        = number
  default     = 2
}

variable "ingest_max_tasks" {
  description = "Maximum ingest+API tasks."
  type        = number
  default     = 6
}

variable "consumer_max_tasks" {
  description = "Maximum consumer tasks."
  type        = number
  default     = 4
}

variable "consumer_scale_out_backlog" {
  description = "Waiting deliveries above which one more consumer task starts."
  type        = number
  default     = 20000
}

variable "consumer_scale_out_age_seconds" {
  description = "Age of the oldest waiting delivery above which one more consumer task starts (a flush every 60 s keeps it low)."
  type        = number
  default     = 300
}

variable "alarm_topic_arn" {
  description = "SNS topic the alarms notify (optional; without it the alarms only show in CloudWatch)."
  type        = string
  default     = null
}

variable "enable_waf" {
  description = "Put a WAF in front of the webhook that only admits GitHub's hook IP ranges."
  type        = bool
  default     = false
}

variable "github_hook_cidrs" {
  description = "GitHub's hook ranges (the hooks list of GET https://api.github.com/meta), used when enable_waf."
  type        = list(string)
  default     = []
}
