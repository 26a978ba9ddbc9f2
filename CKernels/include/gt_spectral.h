/* FFT, STFT / inverse STFT for any frame length, windows and the Slaney mel filterbank. */
#ifndef GT_SPECTRAL_H
#define GT_SPECTRAL_H
#include "gt_core.h"
#ifdef __cplusplus
extern "C" {
#endif

/* A plan for real transforms of length n (any n ≥ 1; 1920 and 2560 are not powers of two).
 * The caller owns the plan's memory: gt_fft_plan_bytes(n) bytes, filled by gt_fft_plan_init. */
size_t gt_fft_plan_bytes(int32_t n);
int gt_fft_plan_init(void *plan, size_t plan_bytes, int32_t n);
int32_t gt_fft_plan_length(const void *plan);
size_t gt_fft_workspace_floats(int32_t n);

/* Forward real FFT as numpy.fft.rfft: in [n] → out [n/2 + 1][2] (re, im), unnormalized. */
int gt_rfft_f32(const void *plan, const float *in, float *out, float *workspace);
/* Inverse as numpy.fft.irfft(·, n): in [n/2 + 1][2] → out [n], scaled by 1/n. */
int gt_irfft_f32(const void *plan, const float *in, float *out, float *workspace);

/* Hann window of length n: periodic (as torch.hann_window's default) or symmetric. */
int gt_hann_window_f32(float *out, int32_t n, int32_t periodic);

/* Reflect padding as numpy.pad(mode="reflect"): x [n] → out [left + n + right]; left, right < n. */
int gt_reflect_pad_f32(float *out, const float *x, int32_t n, int32_t left, int32_t right);

/* STFT without centering (pad first if wanted): frame t covers x[t·hop … t·hop + n_fft − 1],
 * multiplied by window [n_fft]; n_frames = 1 + (n_samples − n_fft) / hop (n_samples ≥ n_fft).
 * out: [n_frames][n_fft/2 + 1][2]. plan has length n_fft. workspace: gt_stft_workspace_floats. */
int32_t gt_stft_frame_count(int32_t n_samples, int32_t n_fft, int32_t hop);
size_t gt_stft_workspace_floats(int32_t n_fft);
int gt_stft_f32(float *out, const float *x, int32_t n_samples, const float *window, int32_t n_fft,
                int32_t hop, const void *plan, float *workspace);
/* |STFT|: out [n_frames][n_fft/2 + 1] magnitudes (power == 0) or squared magnitudes (power != 0). */
int gt_stft_magnitude_f32(float *out, const float *x, int32_t n_samples, const float *window,
                          int32_t n_fft, int32_t hop, int32_t power, const void *plan,
                          float *workspace);
/* Inverse STFT by windowed overlap-add, as torch.istft(center=False): each frame is irfft'd,
 * multiplied by window, summed, and divided by Σ window² where that sum exceeds 1e-11.
 * spec: [n_frames][n_fft/2 + 1][2]; out: [n_fft + (n_frames − 1)·hop].
 * workspace: gt_istft_workspace_floats(n_fft, n_frames, hop). */
size_t gt_istft_workspace_floats(int32_t n_fft, int32_t n_frames, int32_t hop);
int gt_istft_f32(float *out, const float *spec, int32_t n_frames, const float *window,
                 int32_t n_fft, int32_t hop, const void *plan, float *workspace);

/* Mel filterbank as librosa.filters.mel(htk=False, norm="slaney"): Slaney's mel scale (linear below
 * 1 kHz, logarithmic above) and area normalization (2 / (f_right − f_left)), or no normalization when
 * slaney_norm == 0. out: [n_mels][n_fft/2 + 1]. */
int gt_mel_filterbank_f32(float *out, int32_t sample_rate, int32_t n_fft, int32_t n_mels,
                          float fmin, float fmax, int32_t slaney_norm);

#ifdef __cplusplus
}
#endif
#endif
