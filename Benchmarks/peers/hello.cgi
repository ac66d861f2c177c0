#!/bin/sh
# The CGI benchmark's program: the smallest response a shell script can give.
printf 'Content-Type: text/plain\r\nContent-Length: 2\r\n\r\nok'
