data "flashback_provider_api_keys" "aws" {
  provider_type = "AWS"
}

# Keys no bucket or AI model uses any more: safe to delete. The list is sensitive as a
# whole (each entry holds the public key id); the ids alone are not.
output "unused_aws_keys" {
  value = nonsensitive([
    for k in data.flashback_provider_api_keys.aws.api_keys : k.id
    if k.bucket_count == 0 && k.ai_llm_count == 0
  ])
}
