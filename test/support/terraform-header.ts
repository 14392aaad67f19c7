/**
 * The head of an e2e configuration with a write-only secret: the provider's source, the
 * ephemeral `secret` variable behind `secret_wo` and the `secret_version` behind
 * `secret_wo_version`, and an empty provider block (its settings come from FLASHBACK_* variables).
 */
export const secretConfigHeader = `
terraform {
  required_providers {
    flashback = { source = "flashback/flashback" }
  }
}
variable "secret" {
  type      = string
  sensitive = true
  ephemeral = true
}
variable "secret_version" {
  type    = number
  default = 1
}
provider "flashback" {}
`;
