import Foundation

/// resemblyzer's `preprocess_wav` after resampling to 16 kHz: volume normalization to −30 dBFS
/// (only ever louder) and the trimming of long silences with WebRTC's VAD (mode 3, 30 ms windows,
/// an 8-window moving average, then a dilation by a structure of 6 + 1 windows: 3 each side).
public enum EncoderPreprocessing {
    public static let targetDBFS: Double = -30
    static let windowSamples = 480            // 30 ms at 16 kHz
    static let movingAverageWidth = 8
    static let maxSilenceWindows = 6
    static let int16Max: Float = 32767

    /// Both steps, as resemblyzer applies them.
    public static func apply(_ samples: [Float]) -> [Float] {
        trimLongSilences(normalizeVolume(samples))
    }

    /// Scales the clip so its RMS is `targetDBFS` (in 16-bit full scale), unless it is already louder.
    public static func normalizeVolume(_ samples: [Float], targetDBFS: Double = targetDBFS) -> [Float] {
        guard !samples.isEmpty else { return samples }
        var sum = 0.0
        for s in samples {
            let v = Double(s * int16Max)
            sum += v * v
        }
        let rms = (sum / Double(samples.count)).squareRoot()
        guard rms > 0 else { return samples }
        let change = targetDBFS - 20 * log10(rms / Double(int16Max))
        guard change > 0 else { return samples }
        let gain = Float(pow(10, change / 20))
        return samples.map { $0 * gain }
    }

    /// The samples whose 30 ms window is voiced, or lies within 3 windows of a voiced one, after
    /// smoothing; the tail that does not fill a window is dropped, as resemblyzer drops it.
    public static func trimLongSilences(_ samples: [Float]) -> [Float] {
        let windows = samples.count / windowSamples
        guard windows > 0 else { return [] }
        // resemblyzer converts with np.round(x * 32767).astype(np.int16): rounding half to even,
        // and out-of-range values wrap around as a C cast does on x86.
        let pcm: [Int16] = samples[0..<(windows * windowSamples)].map {
            let r = ($0 * int16Max).rounded(.toNearestOrEven)
            return Int16(truncatingIfNeeded: Int32(clamping: Int64(r.isFinite ? r : 0)))
        }
        let vad = VoiceActivityDetector(mode: 3)
        var flags = [Int](repeating: 0, count: windows)
        pcm.withUnsafeBufferPointer { all in
            for w in 0..<windows {
                let frame = UnsafeBufferPointer(rebasing: all[(w * windowSamples)..<((w + 1) * windowSamples)])
                flags[w] = vad.isSpeech(frame, sampleRate: 16000) ? 1 : 0
            }
        }
        let mask = dilate(smooth(flags), by: (maxSilenceWindows + 1) / 2)
        var out: [Float] = []
        out.reserveCapacity(windows * windowSamples)
        for w in 0..<windows where mask[w] {
            out.append(contentsOf: samples[(w * windowSamples)..<((w + 1) * windowSamples)])
        }
        return out
    }

    /// resemblyzer's moving average (zero-padded 3 before, 4 after) rounded half to even:
    /// a window counts as voiced when at least 5 of the 8 around it are.
    static func smooth(_ flags: [Int]) -> [Bool] {
        let width = movingAverageWidth
        let before = (width - 1) / 2
        return flags.indices.map { i in
            var sum = 0
            for j in (i - before)..<(i - before + width) where j >= 0 && j < flags.count { sum += flags[j] }
            return (Double(sum) / Double(width)).rounded(.toNearestOrEven) >= 1
        }
    }

    /// scipy's binary_dilation with a structure of 2·radius + 1 ones (resemblyzer: 7, so radius 3).
    static func dilate(_ mask: [Bool], by radius: Int) -> [Bool] {
        mask.indices.map { i in
            let lo = max(0, i - radius), hi = min(mask.count - 1, i + radius)
            return (lo...hi).contains { mask[$0] }
        }
    }
}
