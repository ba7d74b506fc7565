/**
 * gitleaks' global allowlist (`[allowlist]` in config/gitleaks.toml), applied
 * to every rule's secret: booleans, one repeated letter, shell/template
 * placeholders (`$VAR`, `${VAR}`, `{{ .x }}`, `${{ secrets.X }}`, `%VAR%`,
 * printf verbs, `@VAR@`) and absolute Unix paths.
 */
export const GLOBAL_SECRET_ALLOW: readonly RegExp[] = [
  /^true|false|null$/i,
  /^(?:a+|b+|c+|d+|e+|f+|g+|h+|i+|j+|k+|l+|m+|n+|o+|p+|q+|r+|s+|t+|u+|v+|w+|x+|y+|z+|\*+|\.+)$/i,
  /^\$(?:\d+|\{\d+\})$/,
  /^\$(?:[A-Z_]+|[a-z_]+)$/,
  /^\$\{(?:[A-Z_]+|[a-z_]+)\}$/,
  /^\{\{[ \t]*[\w ().|]+[ \t]*\}\}$/,
  /^\$\{\{[ \t]*(?:(?:env|github|secrets|vars)(?:\.[A-Za-z]\w+)+[\w "'&./=|]*)[ \t]*\}\}$/,
  /^%(?:[A-Z_]+|[a-z_]+)%$/,
  /^%[+\-# 0]?[bcdeEfFgGoOpqstTUvxX]$/,
  /^\{\d{0,2}\}$/,
  /^@(?:[A-Z_]+|[a-z_]+)@$/,
  /^\/Users\/[a-zA-Z0-9]+\/[\w ./]+$/,
  /^\/(?:bin|etc|home|opt|tmp|usr|var)\/[\w ./-]+$/,
];

/**
 * Files never scanned, from gitleaks' global `paths` allowlist (the entries
 * that apply to a Node/TypeScript repository): media and fonts, office
 * documents and binaries, dependency lock files, vendored and installed
 * dependencies, and git's own folder.
 */
export const DEFAULT_EXCLUDED_PATHS: readonly RegExp[] = [
  /(?:^|\/)gitleaks\.toml$/,
  /\.(?:bmp|gif|jpe?g|png|svg|tiff?)$/i,
  /\.(?:eot|[ot]tf|woff2?)$/i,
  /\.(?:docx?|xlsx?|pdf|bin|socket|vsidx|v2|suo|wsuo|.dll|pdb|exe|gltf)$/i,
  /(?:^|\/)node_modules(?:\/.*)?$/,
  /(?:^|\/)(?:deno\.lock|npm-shrinkwrap\.json|package-lock\.json|pnpm-lock\.yaml|yarn\.lock)$/,
  /(?:^|\/)bower_components(?:\/.*)?$/,
  /(?:^|\/)(?:angular|bootstrap|jquery(?:-?ui)?|plotly|swagger-?ui)[a-zA-Z0-9.-]*(?:\.min)?\.js(?:\.map)?$/,
  /(?:^|\/)vendor\/(?:bundle|ruby)(?:\/.*?)?$/,
  /(?:^|\/)\.git$/,
];
