import CKernels

/// The speaker encoder's input features, as resemblyzer's `wav_to_mel_spectrogram` computes them with
/// librosa: a centered STFT (zero padding of n_fft/2 on each side, librosa ≥ 0.10's default) with a
/// periodic Hann window of 400 samples and a hop of 160 at 16 kHz, the power spectrum, and 40 Slaney
/// mel bands over 0–8 kHz with Slaney normalization. Not logarithmic: the network takes power.
struct EncoderMel: Sendable {
    static let fftLength = 400
    static let hop = 160
    static let bins = 40
    let filterbank: [Float]   // [bins][fftLength/2 + 1]
    let window: [Float]
    let plan: FFTPlan

    init() {
        let nFreq = Self.fftLength / 2 + 1
        var filterbank = [Float](repeating: 0, count: Self.bins * nFreq)
        var status = gt_mel_filterbank_f32(&filterbank, 16000, Int32(Self.fftLength), Int32(Self.bins), 0, 8000, 1)
        precondition(status == GT_OK, "mel filterbank: \(status)")
        var window = [Float](repeating: 0, count: Self.fftLength)
        status = gt_hann_window_f32(&window, Int32(Self.fftLength), 1)
        precondition(status == GT_OK, "hann window: \(status)")
        self.filterbank = filterbank
        self.window = window
        plan = FFTPlan(length: Self.fftLength)
    }

    /// Frames of 40 power-mel values: 1 + ⌊n / 160⌋ of them.
    func callAsFunction(_ samples: [Float]) -> MelSpectrogram {
        let pad = Self.fftLength / 2
        var padded = [Float](repeating: 0, count: samples.count + 2 * pad)
        padded.replaceSubrange(pad..<(pad + samples.count), with: samples)
        let power = plan.stftMagnitude(padded, window: window, hop: Self.hop, squared: true)
        return power.project(onto: filterbank, bins: Self.bins)
    }
}
