/**
 * Entry point of `pulumi-resource-flashback` (bin/pulumi-resource-flashback, or the bundle in
 * the plugin tarball). The engine starts it with its own address as the first argument and
 * reads the gRPC port from the first line of stdout; nothing else may be printed there.
 */
import { pulumiSchema } from '../schema';
import { engineLog } from './engine-log';
import { FlashbackProvider } from './provider';
import { serve } from './server';

export async function runNativeProvider(args: string[]): Promise<void> {
  const provider = new FlashbackProvider(engineLog(args[0]), pulumiSchema().version ?? '0.0.0');
  await serve(provider, args);
}

if (require.main === module) {
  runNativeProvider(process.argv.slice(2)).catch((e: unknown) => {
    console.error(e instanceof Error ? e.message : String(e));
    process.exit(1);
  });
}
