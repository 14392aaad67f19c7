/**
 * Imported by the provider's entry point before the modules it loads: V8's heap sizing for a
 * short-lived process whose peak memory counts (issue #13). By default the young generation
 * grows to two 16 MiB semi-spaces and the old one is let grow well past what is live before a
 * full collection; for a provider whose live heap stays under 20 MiB through a 300-object
 * apply, that is most of its peak RSS. These two V8 flags are read when the heap grows, so
 * setting them here works for the node script and the single executable alike (which cannot
 * be given V8 flags on its command line); `--max-semi-space-size` would be read too late.
 * Measured in bench/results/terraform-provider-memory.md.
 */
import { setFlagsFromString } from 'node:v8';

/** The young generation stays at its initial 1 MiB semi-spaces. */
setFlagsFromString('--semi-space-growth-factor=1');
/** A full collection once the old generation is 1.2 times what was live after the last one (V8's own minimum growing step still applies). */
setFlagsFromString('--heap-growing-percent=20');
