/* A small shim over libflite's English lexicon (cmu_lex) and letter-to-sound rules. Not API: the
 * TextEncoding module wraps it in EnglishG2P. flite's own headers stay in the .c file.
 *
 * flite's initialisation is not thread-safe and its lookups are not documented as reentrant, so every
 * function here initialises once (pthread_once) and serialises lookups behind one mutex. */
#ifndef GT_FLITE_H
#define GT_FLITE_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    GT_FLITE_OK = 0,
    GT_FLITE_BUFFER_TOO_SMALL = -1,  /* out_capacity cannot hold the phones and the NUL */
    GT_FLITE_BAD_ARGUMENT = -2,      /* NULL or empty word */
};

/* Writes the phones of one word into out as flite names them, space-separated and NUL-terminated,
 * vowels with a stress digit: "hello" -> "hh ax0 l ow1". word should be lowercase; flite's lexicon is
 * case-sensitive. pos may be NULL, or a part-of-speech tag flite knows ("nn" makes "a" the letter name).
 * *in_lexicon (if not NULL) is set to 1 when the lexicon had the word, 0 when the letter-to-sound
 * rules produced the phones. Returns the length written (>= 0) or a negative GT_FLITE_ status. */
int gt_flite_word_phones(const char *word, const char *pos, char *out, size_t out_capacity,
                         int *in_lexicon);

/* 1 if the lexicon holds word (with pos, which may be NULL), else 0. */
int gt_flite_in_lexicon(const char *word, const char *pos);

/* 1 if flite would read word as a word, 0 if it would spell it out letter by letter ("xkcd"). */
int gt_flite_is_pronounceable(const char *word);

#ifdef __cplusplus
}
#endif

#endif
