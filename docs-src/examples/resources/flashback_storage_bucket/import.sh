# <workspace_id>/<bucket id>
terraform import flashback_storage_bucket.logs 3f0e9c52-7d1b-4c36-9a0e-2b8f6d4c1a77/61a0b7d4-93e2-4f15-8c6a-0d2e4b9f7a35
