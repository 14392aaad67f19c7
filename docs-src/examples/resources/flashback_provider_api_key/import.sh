# <workspace_id>/<key id>
terraform import flashback_provider_api_key.aws 3f0e9c52-7d1b-4c36-9a0e-2b8f6d4c1a77/8c2d5e1f-0b4a-4e9d-a6c3-5f7b9e2d1c08
