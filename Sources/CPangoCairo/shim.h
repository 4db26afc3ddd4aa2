// Pango laid out on cairo, and cairo's PDF surface. Compiler and linker flags come from
// pkg-config ("pangocairo"); Debian: libpango1.0-dev libcairo2-dev.
#include <cairo.h>
#include <cairo-pdf.h>
#include <pango/pangocairo.h>
