/**
 * How the gateway turns a request's `model` into the header its HTTPRoutes match.
 */
export enum RoutingMode {
  /**
   * The reference article's: the policy looks the requested name up in a CEL map literal of
   * every public name to its base model and sets `X-Gateway-Base-Model-Name` to the base model;
   * one HTTPRoute per model matches its base model. The map is rebuilt on every request (its
   * cost grows with the number of names) and one expression holds at most 16384 characters
   * (about 400 names).
   */
  MAP = 'map',

  /**
   * Route on the requested name itself: the policy sets `X-Gateway-Model-Name` to
   * `string(json(request.body).model)` (constant cost per request), and each model's HTTPRoutes
   * match every public name of the model (name, aliases, LoRA adapters) exactly, sharded into
   * rules of at most 64 matches and HTTPRoutes of at most 128.
   */
  NAME = 'name',
}
