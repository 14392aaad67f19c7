/** Entry point of `terraform-provider-flashback` (bin/ execs node on the compiled file). */
import './claim-stdout'; // must stay the first import
import { createFlashbackProvider } from './provider';
import { serveProvider } from './server';

void serveProvider({ provider: createFlashbackProvider() });
