// What nginx's config reader (ngx_conf_read_token) makes of a bare word: one that starts with "#"
// is a comment to the end of the line, one that starts with a quote opens a quoted string. A header
// name that is a valid HTTP token can still start with either, and then `nginx` refuses the whole
// config at start, so the ambassador, and the pod, would never be Ready.

/** Why nginx would misread `name` as the first word of a directive argument, or undefined. */
export function nginxBareWordProblem(name: string): string | undefined {
  if (name.startsWith('#'))
    return `${name} starts with "#", which nginx reads as the start of a comment; choose a name without it`;
  if (name.startsWith("'"))
    return `${name} starts with a quote, which nginx reads as the start of a quoted string; choose a name without it`;
  return undefined;
}
