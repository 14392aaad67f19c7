resource "flashback_storage_bucket" "logs" {
  provider_api_key_id = flashback_provider_api_key.aws.id
  name                = "acme-logs"
  bucket              = "acme-logs-eu-west-1"
  storage_type        = "S3"
  region              = "eu-west-1"

  timeouts {
    create = "2m"
  }
}
