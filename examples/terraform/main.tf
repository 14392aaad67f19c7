# One Flashback workspace, one AWS credential shared by two storage buckets and an AI model.
#
#   export FLASHBACK_API_URL=... FLASHBACK_API_TOKEN=... FLASHBACK_WORKSPACE_ID=...
#   export TF_VAR_aws_secret=...           # never written to plan or state (secret_wo)
#   terraform apply
#
# Rotate: set the new TF_VAR_aws_secret and bump secret_version (TF_VAR_secret_version=2), then
# apply: one in-place update of the key; the buckets and the AI model are untouched.

terraform {
  required_version = ">= 1.11"
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}

provider "flashback" {}

variable "aws_access_key_id" {
  type    = string
  default = "AKIAEXAMPLESHARED"
}

variable "aws_secret" {
  type      = string
  sensitive = true
  ephemeral = true
}

variable "secret_version" {
  description = "Bump together with a new aws_secret to rotate it."
  type        = number
  default     = 1
}

variable "name_prefix" {
  type    = string
  default = "example"
}

resource "flashback_provider_api_key" "aws" {
  provider_type     = "AWS"
  key               = var.aws_access_key_id
  secret_wo         = var.aws_secret
  secret_wo_version = var.secret_version
  region            = "eu-west-1"
  description       = "Shared AWS credential for storage and AI (managed by Terraform)"

  # A new provider_type or workspace replaces the key: create the new one and re-point the
  # buckets before the old key is deleted, or the deletion is refused while they use it.
  lifecycle {
    create_before_destroy = true
  }
}

resource "flashback_storage_bucket" "logs" {
  provider_api_key_id = flashback_provider_api_key.aws.id
  name                = "${var.name_prefix}-logs"
  bucket              = "acme-logs"
  storage_type        = "S3"
  region              = "eu-west-1"
}

resource "flashback_storage_bucket" "assets" {
  provider_api_key_id = flashback_provider_api_key.aws.id
  name                = "${var.name_prefix}-assets"
  bucket              = "acme-assets"
  storage_type        = "S3"
  region              = "eu-west-1"
}

resource "flashback_ai_llm" "assistant" {
  provider_api_key_id = flashback_provider_api_key.aws.id
  name                = "${var.name_prefix}-assistant"
  ai_type             = "AWS"
}

# Usage as the API counts it, read after the consumers exist.
data "flashback_provider_api_keys" "workspace" {
  depends_on = [flashback_storage_bucket.logs, flashback_storage_bucket.assets, flashback_ai_llm.assistant]
}

output "key_id" {
  value = flashback_provider_api_key.aws.id
}

output "key_usage" {
  value = [
    for k in nonsensitive(data.flashback_provider_api_keys.workspace.api_keys) : "buckets: ${k.bucket_count}, AI models: ${k.ai_llm_count}"
    if k.id == flashback_provider_api_key.aws.id
  ]
}
