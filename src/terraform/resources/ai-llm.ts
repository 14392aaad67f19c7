/** `flashback_ai_llm`: everything comes from the core model; its part in key deletion checks from the consumer base. */
import { aiLlm } from '../../core';
import { KeyConsumerResource } from './key-consumer-resource';

export class AiLlmResource extends KeyConsumerResource {
  constructor() {
    super(aiLlm);
  }
}
