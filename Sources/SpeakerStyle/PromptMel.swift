import CKernels
import Foundation
import WaveformOutput

/// GLM-TTS's prompt mel spectrogram (its utils/audio.py `mel_spectrogram`): reflect padding of
/// (n_fft − hop)/2 on each side, an uncentered STFT with a periodic Hann window (computed in double
/// precision: see PreciseFFT),
/// √(|X|² + 10⁻⁹), 80 Slaney mel bands over 0–8 kHz, and log(max(·, 10⁻⁵)).
/// 50 frames per second at both of its sample rates.
public struct PromptMelExtractor: Sendable {
    public let configuration: MelConfiguration
    /// Each band's non-zero filter weights: the first FFT bin and the weights from there.
    private let bands: [(first: Int, weights: [Double])]
    private let window: [Double]
    private let fft: PreciseFFT

    public init(configuration: MelConfiguration) {
        precondition(configuration.windowLength == configuration.fftLength,
                     "GLM-TTS's prompt mel uses a window as long as the FFT")
        self.configuration = configuration
        let n = configuration.fftLength
        let columns = n / 2 + 1
        var filterbank = [Float](repeating: 0, count: configuration.melBins * columns)
        let status = gt_mel_filterbank_f32(&filterbank, Int32(configuration.sampleRate), Int32(n),
                                           Int32(configuration.melBins), configuration.minFrequency,
                                           configuration.maxFrequency, 1)
        precondition(status == GT_OK, "mel filterbank: \(status)")
        bands = (0..<configuration.melBins).map { b in
            let row = filterbank[(b * columns)..<((b + 1) * columns)]
            guard let first = row.firstIndex(where: { $0 != 0 }), let last = row.lastIndex(where: { $0 != 0 }) else {
                return (0, [])
            }
            return (first - b * columns, row[first...last].map(Double.init))
        }
        // Periodic Hann, as torch.hann_window.
        window = (0..<n).map { 0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(n)) }
        fft = PreciseFFT(length: n)
    }

    /// Log-mel frames of samples at `configuration.sampleRate`: 1 + ⌊(n + 2·pad − n_fft) / hop⌋
    /// frames (n / hop for the standard configurations); none for a clip shorter than the padding.
    public func callAsFunction(_ samples: [Float]) -> MelSpectrogram {
        let c = configuration
        let pad = c.padding
        let n = c.fftLength
        guard samples.count > pad, samples.count + 2 * pad >= n else {
            return MelSpectrogram(frameCount: 0, binCount: c.melBins, values: [])
        }
        // Reflect padding as numpy.pad(mode: "reflect"): the edge sample is not repeated.
        let count = samples.count
        let padded = (0..<(count + 2 * pad)).map { i -> Double in
            var j = i - pad
            if j < 0 { j = -j }
            if j >= count { j = 2 * (count - 1) - j }
            return Double(samples[j])
        }
        let frames = 1 + (padded.count - n) / c.hopLength
        var out = [Float](repeating: 0, count: frames * c.melBins)
        var frame = [Double](repeating: 0, count: n)
        var power = [Double](repeating: 0, count: n / 2 + 1)
        var re = [Double](repeating: 0, count: n), im = re
        for t in 0..<frames {
            let start = t * c.hopLength
            for i in 0..<n { frame[i] = padded[start + i] * window[i] }
            frame.withUnsafeBufferPointer { f in
                power.withUnsafeMutableBufferPointer { p in
                    re.withUnsafeMutableBufferPointer { r in
                        im.withUnsafeMutableBufferPointer { m in fft.powerSpectrum(f, into: p, re: r, im: m) }
                    }
                }
            }
            for k in power.indices { power[k] = (power[k] + 1e-9).squareRoot() }
            for (b, band) in bands.enumerated() {
                var sum = 0.0
                for (j, w) in band.weights.enumerated() { sum += w * power[band.first + j] }
                out[t * c.melBins + b] = Float(Foundation.log(max(sum, 1e-5)))
            }
        }
        return MelSpectrogram(frameCount: frames, binCount: c.melBins, values: out)
    }

    /// The waveform's log-mel, resampling it to the configuration's rate first if needed.
    public func callAsFunction(_ waveform: Waveform) throws -> MelSpectrogram {
        let audio = try waveform.resampled(to: configuration.sampleRate)
        return self(audio.samples)
    }
}
