# shellcheck shell=bash
# Source this file to run the engines of scripts/engines.sh offline in the current shell:
#   source scripts/engines-env.sh      (run `bash scripts/engines.sh ensure` first)
# It puts .engines/bin first on PATH and exports TF_CLI_CONFIG_FILE (an empty CLI config), TF_IN_AUTOMATION,
# CHECKPOINT_DISABLE, PULUMI_SKIP_UPDATE_CHECK, PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION and
# PULUMI_CONFIG_PASSPHRASE (kept when already set).
eval "$(bash "$(dirname "${BASH_SOURCE[0]}")/engines.sh" env)"
