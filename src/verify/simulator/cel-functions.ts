/**
 * Functions agentgateway's CEL offers (its CEL reference, v0.11 to the current docs): the CEL
 * standard library, the strings extension, the Kubernetes IP and CIDR libraries, and
 * agentgateway's own functions and header/query methods. Macros (`map`, `filter`, `all`,
 * `exists`, `exists_one`, `has`) are expanded by the parser and never appear as calls.
 */
export const AGENTGATEWAY_CEL_FUNCTIONS: ReadonlySet<string> = new Set([
  // CEL standard library
  'size', 'contains', 'startsWith', 'endsWith', 'matches', 'int', 'uint', 'double', 'string', 'bytes', 'bool', 'dyn', 'type',
  'duration', 'timestamp', 'getFullYear', 'getMonth', 'getDayOfYear', 'getDayOfMonth', 'getDate', 'getDayOfWeek',
  'getHours', 'getMinutes', 'getSeconds', 'getMilliseconds', 'max', 'min', 'map', 'filter', 'all', 'exists', 'exists_one', 'has',
  // strings extension
  'charAt', 'indexOf', 'join', 'lastIndexOf', 'lowerAscii', 'upperAscii', 'trim', 'replace', 'split', 'substring',
  'stripPrefix', 'stripSuffix', 'format', 'quote', 'reverse',
  // Kubernetes IP and CIDR libraries
  'isIP', 'ip', 'family', 'isUnspecified', 'isLoopback', 'isLinkLocalMulticast', 'isLinkLocalUnicast', 'isGlobalUnicast',
  'cidr', 'containsIP', 'containsCIDR', 'masked', 'prefixLength',
  // agentgateway
  'json', 'toJson', 'unvalidatedJwtPayload', 'with', 'mapValues', 'filterKeys', 'merge', 'flatten', 'flattenRecursive',
  'base64Encode', 'base64Decode', 'encode', 'decode', 'random', 'default', 'coalesce', 'regexReplace', 'fail', 'uuid',
  'redacted', 'raw', 'cookie', 'query', 'addQuery', 'setQuery',
]);
