import CWebRTCVAD

/// WebRTC's voice activity detector (the one py-webrtcvad wraps), from Debian's
/// libwebrtc-audio-processing. One instance per stream of frames: it adapts to the noise floor.
final class VoiceActivityDetector {
    private let handle: OpaquePointer

    /// mode: 0 (least aggressive about filtering out non-speech) … 3 (most).
    init(mode: Int32) {
        guard let handle = WebRtcVad_Create() else { fatalError("WebRtcVad_Create: out of memory") }
        let initialized = WebRtcVad_Init(handle)
        let moded = WebRtcVad_set_mode(handle, mode)
        precondition(initialized == 0 && moded == 0, "WebRTC VAD rejected mode \(mode)")
        self.handle = handle
    }

    deinit { WebRtcVad_Free(handle) }

    /// Whether one frame of 10, 20 or 30 ms of 16-bit audio at 8, 16, 32 or 48 kHz is speech.
    func isSpeech(_ frame: UnsafeBufferPointer<Int16>, sampleRate: Int32) -> Bool {
        let result = WebRtcVad_Process(handle, sampleRate, frame.baseAddress, frame.count)
        precondition(result >= 0, "WebRTC VAD rejected a frame of \(frame.count) samples at \(sampleRate) Hz")
        return result == 1
    }
}
