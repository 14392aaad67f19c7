import { z } from 'zod';
import { SuccessBody } from './common';

export const ProviderInfo = z.object({
  id: z.string(),
  name: z.string(),
  /** Bitmask of {@link Capability}. */
  capabilities: z.number().int().nonnegative(),
});
export type ProviderInfo = z.infer<typeof ProviderInfo>;

export const ListProvidersResponse = SuccessBody.extend({ providers: z.array(ProviderInfo) });
