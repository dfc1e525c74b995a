terraform {
  required_version = ">= 1.6"
  required_providers {
    # 6.8 is the first release that lets aws_sqs_queue.max_message_size exceed 256 KiB (queue.tf: 1 MiB)
    aws = {
      source  = "hashicorp/aws"
      version = ">= 6.8"
    }
  }
}

provider "aws" {
  region = var.region
}
