variable "aws_secret_access_key" {
  type      = string
  sensitive = true
  ephemeral = true # never written to plan files either (Terraform 1.10+)
}

variable "aws_secret_version" {
  type    = number
  default = 1 # bump it together with a new aws_secret_access_key to rotate
}

resource "flashback_provider_api_key" "aws" {
  provider_type     = "AWS"
  key               = "AKIAIOSFODNN7EXAMPLE"
  secret_wo         = var.aws_secret_access_key
  secret_wo_version = var.aws_secret_version
  region            = "eu-west-1"
  description       = "Storage credentials shared by the logs buckets"

  # Plan fails, instead of warning, if deleting or replacing the key would strand
  # the buckets and AI models that use it.
  deletion_protection = true

  lifecycle {
    # A new provider_type or workspace_id replaces the key: create the new one and
    # re-point its buckets and AI models before the old one is deleted.
    create_before_destroy = true
  }
}
