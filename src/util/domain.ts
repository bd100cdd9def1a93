/**
 * The annotation domain this project owns: the GitHub Pages domain of its GitHub organisation,
 * which nobody else can register. Constructs mark objects with it; `verify` reads its
 * `verify-ignore` annotation.
 */
export const ANNOTATION_DOMAIN = 'cdk8s-model-gateway.github.io';
