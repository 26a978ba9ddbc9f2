import Foundation

/// What to do with samples outside [-1, 1] before they are written.
public enum ClippingProtection: Sendable, Equatable {
    /// Write samples as they are (PCM conversion still saturates instead of wrapping around).
    case none
    /// Clamp to [-1, 1].
    case hardClip
    /// Leave |x| ≤ threshold untouched and bend larger values smoothly towards ±1 (a tanh knee), so
    /// an overshoot sounds compressed rather than clipped. Per sample, so it works on streams.
    case softKnee(threshold: Float)

    /// The default: a knee from 0.9 full scale.
    public static let standard = ClippingProtection.softKnee(threshold: 0.9)

    /// The protected sample. NaN becomes silence; ±infinity becomes ±1 except under `.none`.
    public func apply(_ x: Float) -> Float {
        guard !x.isNaN else { return 0 }
        switch self {
        case .none:
            return x
        case .hardClip:
            return min(max(x, -1), 1)
        case let .softKnee(threshold):
            let t = min(max(threshold, 0), 0.999)
            let a = abs(x)
            guard a > t else { return x }
            let knee = 1 - t
            let y = a.isInfinite ? 1 : t + knee * tanh((a - t) / knee)
            return x < 0 ? -y : y
        }
    }

    /// Applies the protection to every sample; returns how many samples had to change.
    @discardableResult
    public func apply(to samples: inout [Float]) -> Int {
        guard self != .none else { return 0 }
        var changed = 0
        for i in samples.indices {
            let y = apply(samples[i])
            if y != samples[i] || samples[i].isNaN {
                samples[i] = y
                changed += 1
            }
        }
        return changed
    }
}
