/* WebRTC's voice activity detector (BSD-3-Clause), the one that py-webrtcvad wraps and resemblyzer
 * uses to trim silences. Debian's libwebrtc-audio-processing (0.3, package
 * libwebrtc-audio-processing-dev) exports these functions but installs no header for them, so their
 * declarations, as in webrtc/common_audio/vad/include/webrtc_vad.h of that release, are here. */
#ifndef CWEBRTCVAD_SHIM_H
#define CWEBRTCVAD_SHIM_H
#include <stddef.h>
#include <stdint.h>

typedef struct WebRtcVadInst VadInst;

/* NULL when allocation fails. */
VadInst *WebRtcVad_Create(void);
void WebRtcVad_Free(VadInst *handle);
/* 0 on success, -1 on failure. */
int WebRtcVad_Init(VadInst *handle);
/* mode 0 (least aggressive) … 3 (most aggressive); 0 on success, -1 on failure. */
int WebRtcVad_set_mode(VadInst *handle, int mode);
/* fs: 8000, 16000, 32000 or 48000; frame_length: 10, 20 or 30 ms of samples.
 * 1 voiced, 0 unvoiced, -1 error. */
int WebRtcVad_Process(VadInst *handle, int fs, const int16_t *audio_frame, size_t frame_length);
#endif
