/**
 * Every message the CDKTF constructs produce, as named factories: what happened, how to fix it,
 * and where the docs are. Validations return these strings (cdktf prefixes each with the
 * construct path and throws them together at synth); the few hard stops wrap them in an Error.
 */
import type { IConstruct } from 'constructs';

const DOCS = 'See "CDKTF" in the flashback-iac README.';

const variableHint = (label: string) =>
  `Pass a reference instead: a TerraformVariable with sensitive: true and no default, for example \`new TerraformVariable(this, "${label}", { type: "string", sensitive: true }).stringValue\`, whose value you supply when Terraform runs (TF_VAR_${label}=...), or another token.`;

/** A secret given as a literal string (or with literal text around a reference). */
export function literalSecret(construct: IConstruct, label: string): string {
  return `${construct.node.path}: ${literalSecretValidation(label)}`;
}

/** Same, as a validation message (cdktf adds the path itself). */
export function literalSecretValidation(label: string): string {
  return `${label} is a literal string, which would be written to the synthesized Terraform JSON (cdk.tf.json). ${variableHint(label)} ${DOCS}`;
}

export function secretVariableNotSensitive(label: string, variable: string): string {
  return `${label} comes from the variable "${variable}", which is not sensitive, so Terraform would show its value in plans and outputs. Declare it with sensitive: true. ${DOCS}`;
}

export function secretVariableHasDefault(label: string, variable: string): string {
  return `${label} comes from the variable "${variable}", which has a default value: the default is written to the synthesized Terraform JSON. Remove the default and supply the value when Terraform runs (TF_VAR_${variable}=...). ${DOCS}`;
}

export function secretLocalIsLiteral(label: string, local: string): string {
  return `${label} comes from the local "${local}", whose value is a literal written to the synthesized Terraform JSON. ${variableHint(label)} ${DOCS}`;
}

export function secretBothForms(stored: string, writeOnly: string): string {
  return `both ${stored} and ${writeOnly} are set; set exactly one: ${writeOnly} (write-only, never stored, Terraform 1.11+) or ${stored} (stored in state, for older engines). ${DOCS}`;
}

export function secretMissing(stored: string, writeOnly: string, version: string): string {
  return `the secret is missing: set ${writeOnly} (write-only, Terraform 1.11+) with ${version}, or ${stored} (stored in state, for older engines), from a sensitive TerraformVariable. ${DOCS}`;
}

export function secretVersionMissing(writeOnly: string, version: string): string {
  return `${writeOnly} is set without ${version}: Terraform cannot compare write-only values, so this number is what sends the secret again. Start with 1 and bump it to rotate. ${DOCS}`;
}

/** A core field check failed on a literal value; `message` reads after the attribute's name. */
export function invalidValue(label: string, message: string): string {
  return `${label} ${message}`;
}

export function missingWorkspace(what: string, reason: string): string {
  return `${what} has no workspace: workspaceId is not set and ${reason}. Set workspaceId here, or workspaceId on the FlashbackProvider (a literal or a TerraformVariable). The FLASHBACK_WORKSPACE_ID environment variable is read only when Terraform runs, so synth cannot rely on it. ${DOCS}`;
}

export function workspaceMismatch(what: string, workspace: string, keyPath: string, keyWorkspace: string): string {
  return `${what} is in workspace "${workspace}" but uses the provider API key ${keyPath}, which is in workspace "${keyWorkspace}". A key can only be used in its own workspace: leave workspaceId unset (it follows the key's) or create a key in "${workspace}". ${DOCS}`;
}

export function notFlashbackProvider(what: string): string {
  return `${what} is given a provider that is not a FlashbackProvider. Pass the FlashbackProvider (or one of its aliases) that manages it. ${DOCS}`;
}
