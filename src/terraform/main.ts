/** Entry point of `terraform-provider-flashback` (bin/ execs node on the compiled file). */
import './claim-stdout'; // must stay the first import
import './heap-tuning'; // before the modules whose loading fills the heap
import { serveProvider } from './server';

// The provider loads after the handshake (see ServeOptions.provider).
void serveProvider({ provider: async () => (await import('./provider')).createFlashbackProvider() });
