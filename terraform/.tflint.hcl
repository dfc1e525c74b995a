# tflint in .github/workflows/terraform.yml: Terraform's recommended rules (unused declarations, typed
# variables, pinned providers) and the AWS ruleset (invalid instance types, regions, names).
plugin "terraform" {
  enabled = true
  preset  = "recommended"
}

plugin "aws" {
  enabled = true
  version = "0.44.0"
  source  = "github.com/terraform-linters/tflint-ruleset-aws"
}
