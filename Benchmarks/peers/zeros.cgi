#!/bin/sh
# Streams QUERY_STRING bytes of zeros: the CGI response-body benchmark.
printf 'Content-Type: application/octet-stream\r\n\r\n'
exec head -c "$QUERY_STRING" /dev/zero
