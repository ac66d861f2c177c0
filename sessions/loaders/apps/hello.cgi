#!/bin/sh
# A CGI program as any web server runs it: meta-variables in the environment,
# the body on standard input, a CGI response on standard output.
printf 'Content-Type: text/plain\r\n'
printf 'X-Script-Name: %s\r\n' "$SCRIPT_NAME"
printf '\r\n'
printf 'method=%s path=%s query=%s\n' "$REQUEST_METHOD" "$PATH_INFO" "$QUERY_STRING"
if [ "${CONTENT_LENGTH:-0}" -gt 0 ]; then
  printf 'body='
  head -c "$CONTENT_LENGTH"
  printf '\n'
fi
printf 'secret=%s\n' "${GWSH_EXAMPLE_SECRET:-unset}"
echo "hello.cgi: answered $REQUEST_METHOD $PATH_INFO" >&2
