resource "flashback_ai_llm" "assistant" {
  provider_api_key_id = flashback_provider_api_key.aws.id
  name                = "support-assistant"
  ai_type             = "AWS"
}
