#!/bin/sh
# The soak's CGI program: a small answer naming the request, and the body it
# was sent (exactly CONTENT_LENGTH bytes) sent back, so a large body spills.
printf 'Content-Type: text/plain\r\n\r\n'
printf '%s %s?%s\n' "$REQUEST_METHOD" "$PATH_INFO" "$QUERY_STRING"
if [ "${CONTENT_LENGTH:-0}" -gt 0 ]; then
  exec head -c "$CONTENT_LENGTH"
fi
