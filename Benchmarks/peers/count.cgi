#!/bin/sh
# Reads the whole request body from stdin and answers how many bytes came: the CGI request-body benchmark.
printf 'Content-Type: text/plain\r\n\r\n'
exec wc -c
