/**
 * The Pulumi package schema of `flashback` (schema.json at the repository root), generated
 * from the core models: properties, types, descriptions, secret flags and replaceOnChanges
 * all come from the field specs, so the schema cannot drift from what the resources do.
 *
 * The native provider `pulumi-resource-flashback` (./native) serves it through GetSchema, and
 * `pulumi package gen-sdk` makes the SDKs in sdk/ from it. The dynamic resources do not use it
 * (their type tokens are `pulumi-nodejs:dynamic/flashback:<Name>`).
 *
 *   node dist/pulumi/schema.js            print it
 *   node dist/pulumi/schema.js --write    write <repo>/schema.json   (npm run schema)
 *   node dist/pulumi/schema.js --check    exit 1 when <repo>/schema.json differs
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { type FieldSpec, type ResourceModel, computedFields, inputFields, providerApiKey, resourceModels } from '../core';
import { ADOPT_KEY } from './provider-impl';
import { CONFIG_KEYS, ENV_KEYS } from './settings';

export type SchemaType = 'string' | 'number' | 'integer' | 'boolean' | 'array' | 'object';

export interface PropertySpec {
  type?: SchemaType;
  $ref?: string;
  items?: PropertySpec;
  description?: string;
  secret?: boolean;
  replaceOnChanges?: boolean;
  defaultInfo?: { environment: string[] };
}

export interface ObjectTypeSpec {
  type?: 'object';
  description?: string;
  properties: Record<string, PropertySpec>;
  required?: string[];
}

export interface ResourceSpec extends ObjectTypeSpec {
  inputProperties: Record<string, PropertySpec>;
  requiredInputs?: string[];
}

export interface FunctionSpec {
  description?: string;
  inputs?: ObjectTypeSpec;
  outputs: ObjectTypeSpec;
}

export interface PackageSchema {
  name: string;
  displayName?: string;
  version?: string;
  description?: string;
  keywords?: string[];
  license?: string;
  repository?: string;
  meta?: { moduleFormat: string };
  config?: { variables: Record<string, PropertySpec>; defaults?: string[] };
  provider?: ResourceSpec;
  types?: Record<string, ObjectTypeSpec>;
  resources: Record<string, ResourceSpec>;
  functions?: Record<string, FunctionSpec>;
  language?: Record<string, Record<string, unknown>>;
}

export const PACKAGE_NAME = 'flashback';
export const token = (name: string): string => `${PACKAGE_NAME}:index:${name}`;
export const GET_KEYS_FUNCTION = 'getProviderApiKeys';
const USAGE_TYPE = 'ProviderApiKeyUsage';
const DEPENDENT_TYPE = 'KeyDependent';

const repoRoot = path.resolve(__dirname, '..', '..');
export const schemaPath = path.join(repoRoot, 'schema.json');

/** Core descriptions speak Terraform (`workspace_id`); the schema speaks Pulumi (`workspaceId`). */
const snakeToProp = new Map(resourceModels.flatMap((m) => m.fields.map((f): [string, string] => [f.name, f.prop])));
export function pulumiDescription(text: string): string {
  return text
    .replace(/the provider's `workspace_id`/g, `the \`${CONFIG_KEYS.workspaceId}\` stack config`)
    .replace(/`([a-z][a-z0-9_]*)`/g, (all, name: string) => {
      const prop = snakeToProp.get(name);
      return prop ? `\`${prop}\`` : all;
    });
}

function property(f: FieldSpec, opts: { input: boolean }): PropertySpec {
  const p: PropertySpec = { type: f.type, description: pulumiDescription(f.description) };
  if (f.sensitive) p.secret = true;
  if (opts.input && f.replaceOnChange) p.replaceOnChanges = true;
  return p;
}

const adoptProperty = (m: ResourceModel): PropertySpec => ({
  type: 'string',
  description: `The id of an existing ${m.title} to take over instead of creating one (\`pulumi import\` does not work for dynamic resources). It must exist in \`workspaceId\`, and the fields that force a replacement must match; the other declared inputs are then applied in place. Ignored after the first \`up\`.`,
});

export function resourceSpec(m: ResourceModel): ResourceSpec {
  const inputs = inputFields(m);
  const outputs = m.fields.filter((f) => f.prop !== 'id');
  return {
    description: m.description,
    properties: Object.fromEntries(outputs.map((f) => [f.prop, property(f, { input: false })])),
    // Required inputs, and the workspace (always set once checked), and what the API computes.
    required: [...inputs.filter((f) => f.required).map((f) => f.prop), ...computedFields(m).filter((f) => f.prop !== 'id').map((f) => f.prop)],
    inputProperties: { ...Object.fromEntries(inputs.map((f) => [f.prop, property(f, { input: true })])), [ADOPT_KEY]: adoptProperty(m) },
    requiredInputs: inputs.filter((f) => f.required && !f.defaultsToProviderWorkspace).map((f) => f.prop),
  };
}

function usageType(): ObjectTypeSpec {
  const fields = providerApiKey.fields.filter((f) => !f.writeOnly);
  return {
    type: 'object',
    description: 'A provider API key of the workspace, as the API reports it, with what uses it.',
    properties: {
      ...Object.fromEntries(fields.map((f) => [f.prop, property(f, { input: false })])),
      dependents: { type: 'array', items: { $ref: `#/types/${token(DEPENDENT_TYPE)}` }, description: 'The storage buckets and AI models that use the key now.' },
    },
    required: [...fields.filter((f) => f.required || f.kind === 'computed').map((f) => f.prop), 'dependents'],
  };
}

function dependentType(): ObjectTypeSpec {
  return {
    type: 'object',
    description: 'A storage bucket or AI model configuration that uses a provider API key.',
    properties: {
      type: { type: 'string', description: '`storage_bucket` or `ai_llm`.' },
      id: { type: 'string', description: 'Its id.' },
      name: { type: 'string', description: 'Its name.' },
      workspaceId: { type: 'string', description: 'Its workspace.' },
    },
    required: ['type', 'id', 'name', 'workspaceId'],
  };
}

function readVersion(): string {
  try {
    return (JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
  } catch {
    return '0.0.0';
  }
}

const configVariable = (k: keyof typeof ENV_KEYS, description: string, secret = false): PropertySpec => ({
  type: 'string',
  description,
  defaultInfo: { environment: [ENV_KEYS[k]] },
  ...(secret ? { secret: true } : {}),
});

const CONFIG_DESCRIPTIONS = {
  apiUrl: 'The Flashback API base URL, such as `https://backend.flashback.tech` or the emulator\'s URL.',
  token: 'The Flashback API token. Set it with `pulumi config set --secret flashback:token <token>`.',
  refreshToken: 'A refresh token, used to get a new API token when the current one expires.',
  workspaceId: 'The workspace of resources that do not set `workspaceId`, and of `getProviderApiKeys` calls without one.',
} as const;
const SECRET_CONFIG: ReadonlySet<string> = new Set(['token', 'refreshToken']);
const providerConfig = (): Record<string, PropertySpec> =>
  Object.fromEntries(Object.entries(CONFIG_DESCRIPTIONS).map(([k, d]) => [k, configVariable(k as keyof typeof ENV_KEYS, d, SECRET_CONFIG.has(k))]));

/** An explicit provider (`pulumi:providers:flashback`) takes the same settings as the stack config. */
function providerSpec(): ResourceSpec {
  const inputs = providerConfig();
  return {
    description: 'The provider of the `flashback` package. Its inputs default to the `flashback:` stack config, then to the FLASHBACK_* environment variables.',
    properties: Object.fromEntries(Object.entries(inputs).filter(([k]) => !SECRET_CONFIG.has(k))),
    inputProperties: inputs,
  };
}

export function pulumiSchema(): PackageSchema {
  return {
    name: PACKAGE_NAME,
    displayName: 'Flashback',
    version: readVersion(),
    description: 'Flashback provider API keys, and the storage buckets and AI model configurations that reuse them: the native provider `pulumi-resource-flashback`, for programs in any Pulumi language.',
    keywords: ['pulumi', 'flashback', 'category/cloud'],
    license: 'MPL-2.0',
    meta: { moduleFormat: '(.*)' },
    config: {
      variables: {
        ...providerConfig(),
        previewGuard: {
          type: 'boolean',
          description: 'Whether the deletion guard hooks are registered (default true). They fail a preview that would delete a key still used outside the update; resources that carry them need the hooks registered by every later run, including `pulumi destroy --run-program`.',
        },
      },
    },
    provider: providerSpec(),
    types: { [token(USAGE_TYPE)]: usageType(), [token(DEPENDENT_TYPE)]: dependentType() },
    resources: Object.fromEntries(resourceModels.map((m) => [token(m.pulumiName), resourceSpec(m)])),
    functions: {
      [token(GET_KEYS_FUNCTION)]: {
        description: 'The provider API keys of a workspace with their usage: which storage buckets and AI models use each key.',
        inputs: { properties: { workspaceId: { type: 'string', description: `The workspace; defaults to the \`${CONFIG_KEYS.workspaceId}\` stack config.` } } },
        outputs: {
          properties: {
            workspaceId: { type: 'string', description: 'The workspace listed.' },
            keys: { type: 'array', items: { $ref: `#/types/${token(USAGE_TYPE)}` }, description: 'Its provider API keys.' },
          },
          required: ['workspaceId', 'keys'],
        },
      },
    },
    language: {
      nodejs: { packageName: '@flashback-iac/pulumi', packageDescription: 'Flashback provider API keys, storage buckets and AI models: the SDK of the native provider pulumi-resource-flashback', dependencies: { '@pulumi/pulumi': '^3.270.0' }, respectSchemaVersion: true },
      python: { packageName: 'pulumi_flashback', respectSchemaVersion: true },
      go: { importBasePath: 'github.com/flashback/flashback-iac/sdk/go/flashback' },
    },
  };
}

/** The file content: stable key order, two-space indent, final newline. */
export function schemaText(): string {
  return JSON.stringify(pulumiSchema(), null, 2) + '\n';
}

function main(args: string[]): number {
  const text = schemaText();
  if (args.includes('--check')) {
    const current = fs.existsSync(schemaPath) ? fs.readFileSync(schemaPath, 'utf8') : '';
    if (current === text) return 0;
    console.error(`${schemaPath} is out of date with the core models; regenerate it with \`npm run schema\`.`);
    return 1;
  }
  if (args.includes('--write')) {
    fs.writeFileSync(schemaPath, text);
    return 0;
  }
  process.stdout.write(text);
  return 0;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
