// Secrets never reach records, exports, logs or the screen: URLs lose their credentials, and free text
// (a server's error message) loses every URL's secrets, absolute or relative, and anything token-shaped.

// Words that, as a whole query-parameter name or one word of it, mark the value as a credential.
const SECRET_WORDS = new Set([
  'token',
  'key',
  'apikey',
  'auth',
  'authorization',
  'sig',
  'signature',
  'password',
  'passwd',
  'pwd',
  'secret',
  'credential',
  'credentials',
  'jwt',
  'bearer',
]);
// Names written without separators (apikey, accesstoken, hftoken, xapikey).
const SECRET_SUFFIX = /(token|key|secret|signature|password|passwd|auth)$/;

function isSecretParam(name: string): boolean {
  const compact = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (SECRET_SUFFIX.test(compact)) return true;
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/);
  return words.some((w) => SECRET_WORDS.has(w));
}

/** Token shapes that may turn up inside free text (error messages, URLs): Hugging Face, OpenAI-style, Bearer. */
function redactTokens(text: string): string {
  return text
    .replace(/\bhf_[A-Za-z0-9]{20,}/g, 'hf_[REDACTED]')
    .replace(/\bsk-[A-Za-z0-9_-]{20,}/g, 'sk-[REDACTED]')
    .replace(/\b(Bearer)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [REDACTED]');
}

/**
 * The URL without credentials: no userinfo, no fragment, no query parameter whose name looks like a secret
 * (token, key, api_key, apikey, access_token, auth, sig, signature, password, ... case-insensitive).
 * A URL with nothing to strip comes back as it was written.
 */
export function sanitizeUrl(url: string): string {
  const trimmed = url.trim();
  if (trimmed === '') return '';
  const protocolRelative = trimmed.startsWith('//');
  const relative = !protocolRelative && !/^[a-z][a-z0-9+.-]*:/i.test(trimmed);
  let parsed: URL;
  try {
    parsed = new URL(trimmed, 'http://relative.invalid');
  } catch {
    // Unparseable: keep only what precedes the query and fragment, and drop anything that looks like userinfo.
    return redactTokens(trimmed.replace(/[?#][\s\S]*$/, '').replace(/\/\/[^/@]*@/, '//'));
  }
  const names = [...new Set(parsed.searchParams.keys())];
  const dirty = parsed.username !== '' || parsed.password !== '' || trimmed.includes('#') || names.some(isSecretParam);
  if (!dirty) return redactTokens(trimmed);
  parsed.username = '';
  parsed.password = '';
  parsed.hash = '';
  for (const name of names) if (isSecretParam(name)) parsed.searchParams.delete(name);
  const out = relative
    ? parsed.pathname + parsed.search
    : protocolRelative
      ? parsed.toString().slice(parsed.protocol.length)
      : parsed.toString();
  return redactTokens(out);
}

/** `?name=value`, `&name=value` or `;name=value` anywhere in text: a relative URL's query, say `/v1/x?api_key=...`. */
const QUERY_PARAM = /([?&;])([^=&#?;\s"'<>`]{1,100})=([^&#;\s"'<>`]*)/g;
/** `scheme://user:password@` or `//user:password@` anywhere in text. */
const USERINFO = /((?:\b[a-z][a-z0-9+.-]*:)?\/\/)[^/?#@\s"'<>`]+@/gi;

function paramName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}

/**
 * Free text (an error message) with its secrets gone: absolute URLs are sanitized as above; a user name and
 * password before any host are dropped; a secret-looking query parameter of any URL form, relative ones
 * included (`/v1/x?api_key=...`), keeps its name and loses its value; token-shaped strings are redacted.
 */
export function redactText(text: string): string {
  const absolute = text.replace(/\bhttps?:\/\/[^\s"'<>`]+/gi, (u) => sanitizeUrl(u));
  const params = absolute
    .replace(USERINFO, '$1')
    .replace(QUERY_PARAM, (whole, sep: string, name: string) => (isSecretParam(paramName(name)) ? `${sep}${name}=[REDACTED]` : whole));
  return redactTokens(params);
}
