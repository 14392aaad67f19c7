/**
 * examples/cdktf synthesizes (in-process; test/e2e/cdktf runs it through the cdktf CLI and the
 * real Terraform): one workspace, a key shared by two buckets and an AI model, the secret from
 * a sensitive, ephemeral variable, rotation by SECRET_VERSION, usage outputs.
 */
import * as cdktf from 'cdktf';
import { Testing } from 'cdktf';
import { FlashbackExampleStack, SECRET_VERSION } from '../../examples/cdktf/main';
import { synthJson } from './support';

const synth = (secretVersion: number) => synthJson(cdktf, new FlashbackExampleStack(Testing.app(), 'flashback-example', { secretVersion }));

describe('examples/cdktf', () => {
  const json = synth(SECRET_VERSION);

  it('shares one key between two buckets and an AI model in one workspace', () => {
    expect(json.provider?.flashback).toEqual([{ workspace_id: '${var.workspace_id}' }]);
    expect(Object.keys(json.resource?.flashback_provider_api_key ?? {})).toEqual(['aws']);
    const consumers = [...Object.values(json.resource?.flashback_storage_bucket ?? {}), ...Object.values(json.resource?.flashback_ai_llm ?? {})];
    expect(consumers).toHaveLength(3);
    for (const c of consumers) expect(c.provider_api_key_id).toBe('${flashback_provider_api_key.aws.id}');
  });

  it('takes the secret from a sensitive, ephemeral variable without default, sent write-only with its version', () => {
    expect(json.resource?.flashback_provider_api_key?.aws).toMatchObject({ key: '${var.aws_access_key_id}', secret_wo: '${var.aws_secret_access_key}', secret_wo_version: 1 });
    expect(json.variable?.aws_secret_access_key).toEqual({ type: 'string', sensitive: true, ephemeral: true, description: 'Its secret access key.' });
  });

  it('rotates by SECRET_VERSION: the only change is secret_wo_version', () => {
    const rotated = synth(SECRET_VERSION + 1);
    expect(rotated.resource?.flashback_provider_api_key?.aws?.secret_wo_version).toBe(SECRET_VERSION + 1);
    rotated.resource!.flashback_provider_api_key!.aws!.secret_wo_version = SECRET_VERSION;
    expect(rotated).toEqual(json);
  });

  it('reads usage through outputs', () => {
    expect(json.output?.key_bucket_count?.value).toBe('${flashback_provider_api_key.aws.bucket_count}');
    expect(json.output?.key_ai_llm_count?.value).toBe('${flashback_provider_api_key.aws.ai_llm_count}');
  });

  it('matches the snapshot', () => {
    expect(json).toMatchSnapshot();
  });
});
