/// Mono audio: float samples, nominally in [-1, 1], at a sample rate in hertz.
public struct Waveform: Sendable, Equatable {
    public var samples: [Float]
    public let sampleRate: Int

    public init(samples: [Float], sampleRate: Int) {
        precondition(sampleRate > 0, "sample rate must be positive")
        self.samples = samples
        self.sampleRate = sampleRate
    }

    /// Length in seconds.
    public var duration: Double { Double(samples.count) / Double(sampleRate) }

    /// Largest absolute sample value.
    public var peak: Float { samples.reduce(0) { max($0, abs($1)) } }
}

extension Waveform {
    /// Root-mean-square level (0 for an empty waveform).
    public var rms: Float {
        guard !samples.isEmpty else { return 0 }
        var sum = 0.0
        for s in samples { sum += Double(s) * Double(s) }
        return Float((sum / Double(samples.count)).squareRoot())
    }

    /// The waveform with `protection` applied to every sample.
    public func protectedFromClipping(_ protection: ClippingProtection = .standard) -> Waveform {
        var copy = self
        protection.apply(to: &copy.samples)
        return copy
    }
}
