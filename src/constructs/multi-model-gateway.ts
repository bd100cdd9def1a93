import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ModelGateway, ModelGatewayProps } from './model-gateway';
import { ModelOptions, ServedModel } from './served-model';

/**
 * Properties of a {@link MultiModelGateway}.
 */
export interface MultiModelGatewayProps extends ModelGatewayProps {}

/**
 * A chart holding one {@link ModelGateway}: the whole multi-model stack. Every object has an
 * explicit name (no cdk8s name hashes). Users who already have a chart can add a
 * `ModelGateway` to it instead.
 *
 * @example
 * const chart = new MultiModelGateway(new App(), 'maas', {
 *   models: [{ name: 'Qwen/Qwen3-0.6B' }, { name: 'TinyLlama/TinyLlama-1.1B-Chat-v1.0', pool: 'vllm-tinyllama-11b' }],
 * });
 */
export class MultiModelGateway extends Chart {
  /** The composition this chart holds. */
  public readonly modelGateway: ModelGateway;

  constructor(scope: Construct, id: string, props: MultiModelGatewayProps = {}) {
    super(scope, id, { disableResourceNameHashes: true });
    this.modelGateway = new ModelGateway(this, 'Resource', props);
  }

  /** Serves another model; see {@link ModelGateway.addModel}. */
  public addModel(options: ModelOptions): ServedModel {
    return this.modelGateway.addModel(options);
  }
}
