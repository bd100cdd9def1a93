import { LoraModule } from './lora';

/**
 * The vLLM arguments that serve `modules`: `--enable-lora --lora-modules name=path... --max-loras N`
 * (N the number of modules) and `--max-lora-rank` when given; none without modules.
 */
export function loraArgs(modules: readonly LoraModule[], maxLoraRank?: number): string[] {
  if (modules.length === 0) return [];
  return [
    '--enable-lora',
    '--lora-modules', ...modules.map((m) => `${m.name}=${m.path}`),
    '--max-loras', String(modules.length),
    ...(maxLoraRank !== undefined ? ['--max-lora-rank', String(maxLoraRank)] : []),
  ];
}
