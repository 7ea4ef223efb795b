/** The Pre-FI and Form AI providers as the processing job sees them: call, with local fallback. */
import type { Config } from '../../config.ts';
import { FormAiResponse, PreFiResponse, type FormAiRequest, type PreFiRequest } from './contract.ts';
import { DEFAULT_PROVIDER_OPTIONS, httpProvider, type Answered, type HttpProviderOptions } from './http.ts';

export interface Providers {
  prefi(req: PreFiRequest, local: () => PreFiResponse): Promise<Answered<PreFiResponse>>;
  formAi(req: FormAiRequest, local: () => FormAiResponse): Promise<Answered<FormAiResponse>>;
}

export function createProviders(config: Pick<Config, 'prefiApiUrl' | 'formAiApiUrl'>, options: Partial<HttpProviderOptions> = {}): Providers {
  const opts = { ...DEFAULT_PROVIDER_OPTIONS, ...options };
  return {
    prefi: httpProvider('Pre-FI', config.prefiApiUrl, PreFiResponse, opts),
    formAi: httpProvider('Form AI', config.formAiApiUrl, FormAiResponse, opts),
  };
}
