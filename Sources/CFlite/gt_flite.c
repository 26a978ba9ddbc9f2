#include "gt_flite.h"

#include <pthread.h>
#include <string.h>

#include <flite/flite.h>

/* Defined in libflite_cmulex and libflite_usenglish; flite installs no header that declares them. */
cst_lexicon *cmu_lex_init(void);
int us_aswd(const char *word);

static pthread_once_t gt_flite_once = PTHREAD_ONCE_INIT;
static pthread_mutex_t gt_flite_lock = PTHREAD_MUTEX_INITIALIZER;
static cst_lexicon *gt_flite_lexicon = NULL;

static void gt_flite_init(void) {
    gt_flite_lexicon = cmu_lex_init();
}

int gt_flite_word_phones(const char *word, const char *pos, char *out, size_t out_capacity,
                         int *in_lexicon) {
    if (word == NULL || word[0] == '\0' || out == NULL || out_capacity == 0) return GT_FLITE_BAD_ARGUMENT;
    pthread_once(&gt_flite_once, gt_flite_init);
    pthread_mutex_lock(&gt_flite_lock);
    if (in_lexicon != NULL) *in_lexicon = in_lex(gt_flite_lexicon, word, pos, NULL);
    cst_val *phones = lex_lookup(gt_flite_lexicon, word, pos, NULL);
    size_t length = 0;
    int status = GT_FLITE_OK;
    out[0] = '\0';
    for (const cst_val *p = phones; p != NULL; p = val_cdr(p)) {
        const char *name = val_string(val_car(p));
        size_t n = strlen(name);
        size_t needed = length + (length > 0 ? 1 : 0) + n + 1;
        if (needed > out_capacity) { status = GT_FLITE_BUFFER_TOO_SMALL; break; }
        if (length > 0) out[length++] = ' ';
        memcpy(out + length, name, n);
        length += n;
        out[length] = '\0';
    }
    delete_val(phones);
    pthread_mutex_unlock(&gt_flite_lock);
    return status == GT_FLITE_OK ? (int)length : status;
}

int gt_flite_in_lexicon(const char *word, const char *pos) {
    if (word == NULL || word[0] == '\0') return 0;
    pthread_once(&gt_flite_once, gt_flite_init);
    pthread_mutex_lock(&gt_flite_lock);
    int found = in_lex(gt_flite_lexicon, word, pos, NULL);
    pthread_mutex_unlock(&gt_flite_lock);
    return found;
}

int gt_flite_is_pronounceable(const char *word) {
    if (word == NULL || word[0] == '\0') return 0;
    pthread_once(&gt_flite_once, gt_flite_init);
    pthread_mutex_lock(&gt_flite_lock);
    int pronounceable = us_aswd(word);
    pthread_mutex_unlock(&gt_flite_lock);
    return pronounceable;
}
