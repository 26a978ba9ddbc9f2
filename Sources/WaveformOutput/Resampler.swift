import CSoxr

/// How hard libsoxr works: the pass band and stop-band attenuation of its filter.
public enum ResamplingQuality: Sendable {
    /// Cubic interpolation: fast, audibly imperfect.
    case quick
    /// 16-bit precision, 80 % bandwidth.
    case low
    /// 16-bit precision, 95 % bandwidth.
    case medium
    /// 20-bit precision, 95 % bandwidth: soxr's "HQ", what librosa and resemblyzer use.
    case high
    /// 28-bit precision, 95 % bandwidth.
    case veryHigh

    var recipe: UInt {
        switch self {
        case .quick: return 0    // SOXR_QQ
        case .low: return 1      // SOXR_LQ
        case .medium: return 2   // SOXR_MQ
        case .high: return 4     // SOXR_HQ = SOXR_20_BITQ
        case .veryHigh: return 6 // SOXR_VHQ = SOXR_28_BITQ
        }
    }
}

public struct ResamplerError: Error, Sendable, Equatable, CustomStringConvertible {
    public let inputRate: Int
    public let outputRate: Int
    public let reason: String

    public var description: String { "resampling \(inputRate) Hz → \(outputRate) Hz: \(reason)" }
}

/// A streaming sample-rate converter over libsoxr: feed chunks of any size with `process`, then
/// `finish` once for the tail. The output is aligned with the input (soxr compensates its filter's
/// delay), so the concatenated output equals a one-shot conversion of the concatenated input.
/// One stream per instance; not shareable between threads.
public final class Resampler {
    public let inputRate: Int
    public let outputRate: Int
    private let handle: soxr_t
    private var finished = false

    public init(from inputRate: Int, to outputRate: Int, quality: ResamplingQuality = .high) throws {
        self.inputRate = inputRate
        self.outputRate = outputRate
        guard inputRate > 0, outputRate > 0 else {
            throw ResamplerError(inputRate: inputRate, outputRate: outputRate, reason: "sample rates must be positive")
        }
        var error: soxr_error_t?
        var io = soxr_io_spec(SOXR_FLOAT32_I, SOXR_FLOAT32_I)
        var q = soxr_quality_spec(quality.recipe, 0)
        var runtime = soxr_runtime_spec(1)
        guard let handle = soxr_create(Double(inputRate), Double(outputRate), 1, &error, &io, &q, &runtime),
              error == nil else {
            let reason = error.map { String(cString: $0) } ?? "soxr_create failed"
            throw ResamplerError(inputRate: inputRate, outputRate: outputRate, reason: reason)
        }
        self.handle = handle
    }

    deinit { soxr_delete(handle) }

    /// Converts one chunk; returns the output that is ready (some is held back until more input
    /// or `finish`).
    public func process(_ input: [Float]) throws -> [Float] {
        precondition(!finished, "Resampler.process after finish")
        guard !input.isEmpty else { return [] }
        return try input.withUnsafeBufferPointer { try run(input: $0) }
    }

    /// Flushes the filter's tail. The resampler cannot be used afterwards.
    public func finish() throws -> [Float] {
        precondition(!finished, "Resampler.finish called twice")
        finished = true
        return try run(input: nil)
    }

    private func run(input: UnsafeBufferPointer<Float>?) throws -> [Float] {
        let ratio = Double(outputRate) / Double(inputRate)
        var output: [Float] = []
        var chunk = [Float](repeating: 0, count: max(1024, Int(Double(input?.count ?? 0) * ratio) + 256))
        var consumed = 0
        let total = input?.count ?? 0
        while true {
            var inDone = 0
            var outDone = 0
            let error: soxr_error_t? = chunk.withUnsafeMutableBufferPointer { out in
                if let input {
                    return soxr_process(handle, input.baseAddress! + consumed, total - consumed, &inDone,
                                        out.baseAddress, out.count, &outDone)
                }
                // A null input means "no more input": soxr then drains its buffered tail.
                return soxr_process(handle, nil, 0, nil, out.baseAddress, out.count, &outDone)
            }
            if let error {
                throw ResamplerError(inputRate: inputRate, outputRate: outputRate, reason: String(cString: error))
            }
            consumed += inDone
            output.append(contentsOf: chunk[0..<outDone])
            if input != nil {
                if consumed >= total && outDone < chunk.count { break }
            } else if outDone == 0 {
                break
            }
        }
        return output
    }
}

extension Waveform {
    /// The waveform at another sample rate (libsoxr, high quality by default). The result has
    /// ⌈n · new/old⌉ samples, as librosa.resample, so durations agree with Python tools.
    public func resampled(to rate: Int, quality: ResamplingQuality = .high) throws -> Waveform {
        guard rate != sampleRate else { return self }
        let resampler = try Resampler(from: sampleRate, to: rate, quality: quality)
        var out = try resampler.process(samples)
        out += try resampler.finish()
        let expected = Int((Double(samples.count) * Double(rate) / Double(sampleRate)).rounded(.up))
        if out.count > expected {
            out.removeLast(out.count - expected)
        } else if out.count < expected {
            out += [Float](repeating: 0, count: expected - out.count)
        }
        return Waveform(samples: out, sampleRate: rate)
    }
}
