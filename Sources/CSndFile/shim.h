/* libsndfile (LGPL-2.1, Debian: libsndfile1-dev): WAV, FLAC, OGG/Vorbis, Opus, MP3 and more. */
#include <sndfile.h>
