import { ObjectIndex } from './object-index';

/**
 * The manifests as a graph, with no judgement: objects, their index, and (as rules need them)
 * the links between them. Rules read it; only rules decide what is wrong.
 */
export class Model {
  constructor(public readonly index: ObjectIndex) {}
}
