/* libsoxr (LGPL-2.1, Debian: libsoxr-dev): high-quality sample-rate conversion. */
#include <soxr.h>
