/* main.c -- placeholder until the CLI lands. */
#include <stdio.h>
#include "tdm.h"
int main(void) { puts(TDM_VERSION); return 0; }
