# <workspace_id>/<AI model configuration id>
terraform import flashback_ai_llm.assistant 3f0e9c52-7d1b-4c36-9a0e-2b8f6d4c1a77/d4e8f1a2-5b6c-4d7e-8f90-1a2b3c4d5e6f
