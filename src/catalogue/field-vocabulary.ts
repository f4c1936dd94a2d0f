/** Is `field` in the vocabulary, directly or under a "prefix.*" entry ("onvif.scope.*" holds "onvif.scope.name")? */
export function isKnownField(vocabulary: ReadonlySet<string>, field: string): boolean {
  if (vocabulary.has(field)) return true;
  for (let i = field.lastIndexOf("."); i > 0; i = field.lastIndexOf(".", i - 1)) if (vocabulary.has(`${field.slice(0, i)}.*`)) return true;
  return false;
}
