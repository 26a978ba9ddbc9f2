import Foundation

/// Kaldi's log mel filterbank as torchaudio.compliance.kaldi.fbank computes it with the settings of
/// GLM-TTS's (CosyVoice's) CAMPPlus speaker front end: 16 kHz, 25 ms frames every 10 ms without
/// padding (snip_edges), no dither, DC offset removed per frame, pre-emphasis 0.97, Povey window,
/// FFT of 512, power spectrum, 80 triangular bands on the HTK mel scale from 20 Hz to 8 kHz, log
/// floored at float32's epsilon; then, optionally, the mean over frames is subtracted per band.
/// Samples are floats in [-1, 1], as torchaudio.load gives them (not scaled to 16-bit integers).
public struct KaldiFbank: Sendable {
    public let sampleRate: Int
    public let melBins: Int
    let frameLength: Int
    let frameShift: Int
    let fftLength: Int
    let window: [Float]
    let banks: [Float]   // [melBins][fftLength/2 + 1], the Nyquist column zero as in Kaldi
    let plan: FFTPlan

    public init(sampleRate: Int = 16000, melBins: Int = 80, lowFrequency: Double = 20, highFrequency: Double? = nil) {
        self.sampleRate = sampleRate
        self.melBins = melBins
        let length = sampleRate * 25 / 1000
        frameLength = length
        frameShift = sampleRate * 10 / 1000
        var n = 1
        while n < length { n <<= 1 }
        fftLength = n
        window = (0..<length).map {
            Float(pow(0.5 - 0.5 * cos(2 * Double.pi * Double($0) / Double(length - 1)), 0.85))
        }
        banks = Self.melBanks(bins: melBins, fftLength: n, sampleRate: Double(sampleRate), low: lowFrequency,
                              high: highFrequency ?? Double(sampleRate) / 2)
        plan = FFTPlan(length: n)
    }

    static func mel(_ f: Double) -> Double { 1127 * Foundation.log(1 + f / 700) }

    static func melBanks(bins: Int, fftLength: Int, sampleRate: Double, low: Double, high: Double) -> [Float] {
        let columns = fftLength / 2 + 1
        let lowMel = mel(low), highMel = mel(high)
        let delta = (highMel - lowMel) / Double(bins + 1)
        var out = [Float](repeating: 0, count: bins * columns)
        for b in 0..<bins {
            let left = lowMel + Double(b) * delta, center = left + delta, right = center + delta
            for k in 0..<(fftLength / 2) {
                let m = mel(sampleRate / Double(fftLength) * Double(k))
                let up = (m - left) / (center - left), down = (right - m) / (right - center)
                out[b * columns + k] = Float(max(0, min(up, down)))
            }
        }
        return out
    }

    /// Frames of `melBins` log energies: 1 + (n − 400) / 160 at 16 kHz, none for fewer than 400 samples.
    public func callAsFunction(_ samples: [Float], subtractMean: Bool = true) -> MelSpectrogram {
        guard samples.count >= frameLength else { return MelSpectrogram(frameCount: 0, binCount: melBins, values: []) }
        let frames = 1 + (samples.count - frameLength) / frameShift
        let columns = fftLength / 2 + 1
        var power = [Float](repeating: 0, count: frames * columns)
        var frame = [Float](repeating: 0, count: fftLength)
        var spectrum = [Float](repeating: 0, count: 2 * columns)
        var workspace = [Float](repeating: 0, count: plan.workspaceFloats)
        for t in 0..<frames {
            let start = t * frameShift
            var mean: Float = 0
            for i in 0..<frameLength { mean += samples[start + i] }
            mean /= Float(frameLength)
            for i in 0..<frameLength { frame[i] = samples[start + i] - mean }
            for i in stride(from: frameLength - 1, to: 0, by: -1) { frame[i] -= 0.97 * frame[i - 1] }
            frame[0] -= 0.97 * frame[0]
            for i in 0..<frameLength { frame[i] *= window[i] }
            for i in frameLength..<fftLength { frame[i] = 0 }
            frame.withUnsafeBufferPointer { f in
                spectrum.withUnsafeMutableBufferPointer { s in
                    workspace.withUnsafeMutableBufferPointer { w in
                        plan.rfft(f.baseAddress!, into: s.baseAddress!, workspace: w.baseAddress!)
                    }
                }
            }
            for k in 0..<columns {
                let re = spectrum[2 * k], im = spectrum[2 * k + 1]
                power[t * columns + k] = re * re + im * im
            }
        }
        var fbank = MelSpectrogram(frameCount: frames, binCount: columns, values: power).project(onto: banks, bins: melBins)
        let floor = Float.ulpOfOne
        for i in fbank.values.indices { fbank.values[i] = Foundation.log(max(fbank.values[i], floor)) }
        if subtractMean {
            for b in 0..<melBins {
                var sum: Double = 0
                for t in 0..<frames { sum += Double(fbank[t, b]) }
                let mean = Float(sum / Double(frames))
                for t in 0..<frames { fbank[t, b] -= mean }
            }
        }
        return fbank
    }
}
