terraform {
  required_providers {
    flashback = {
      source = "flashback/flashback"
    }
  }
}

variable "flashback_token" {
  type      = string
  sensitive = true
}

variable "workspace_id" {
  type = string
}

provider "flashback" {
  # api_url defaults to FLASHBACK_API_URL, then https://backend.flashback.tech.
  token        = var.flashback_token # or leave unset and export FLASHBACK_API_TOKEN
  workspace_id = var.workspace_id    # the default for every resource; or FLASHBACK_WORKSPACE_ID
}
