#include <stdio.h>
// Readline hands out and takes back strings from malloc: free and malloc come with it.
#include <stdlib.h>
#include <readline/readline.h>
#include <readline/history.h>
