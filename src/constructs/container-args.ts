/**
 * Why `value` cannot be passed to a container as one argument unchanged, or undefined when it
 * can: the kubelet expands `$(NAME)` in `args` and `command` with the container's environment
 * (a model name `$(HF_TOKEN)` would make vLLM serve, list and log the token), and a value
 * starting with `-` after an option is read by the program as another option.
 *
 * Such values are refused rather than escaped (`$$(`): the same name is also the client's
 * `model` field, the routing map key and the HTTPRoute header value, where `$$(` would not be
 * unescaped, so an escaped name could never route; and no real model name needs `$(`.
 */
export function unsafeArgReason(value: string): string | undefined {
  if (value.includes('$(')) return "must not contain '$(': the kubelet expands $(NAME) in container args with the container's environment variables";
  if (value.startsWith('-')) return "must not start with '-': vLLM would read it as an option";
  return undefined;
}
