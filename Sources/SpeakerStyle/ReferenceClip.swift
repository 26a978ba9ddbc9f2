import Foundation
import WaveformOutput

/// Something about a reference clip that a user should hear about, though it does not stop the work.
public enum IntakeWarning: Sendable, Equatable, Codable, CustomStringConvertible {
    /// The clip was longer than the limit and only its beginning is used.
    case trimmed(originalSeconds: Double, keptSeconds: Double)
    /// Outside the 3–10 s that works best.
    case unusualLength(seconds: Double)
    /// Samples at full scale: the recording was probably clipped.
    case clipping(fraction: Double)
    /// The clip is very quiet (peak in dBFS).
    case lowLevel(peakDBFS: Double)

    public var description: String {
        switch self {
        case let .trimmed(original, kept):
            return String(format: "clip is %.1f s long; only its first %.0f s are used", original, kept)
        case let .unusualLength(seconds):
            return String(format: "clip is %.1f s long; 3 to 10 s of speech works best", seconds)
        case let .clipping(fraction):
            return String(format: "%.2f %% of the samples are at full scale: the recording seems clipped", fraction * 100)
        case let .lowLevel(peak):
            return String(format: "clip is very quiet (peak %.1f dBFS); the voice may be captured poorly", peak)
        }
    }
}

/// A reason a reference clip cannot be used at all.
public struct ReferenceClipError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable { case tooShort, silent }
    public let path: String
    public let kind: Kind
    public let reason: String

    public var description: String { "\(path): \(reason)" }
}

/// A user's reference recording after the intake checks: mono, at its own sample rate, at most
/// `maxDuration` long.
public struct ReferenceClip: Sendable {
    public static let minDuration = 1.0
    /// The default limit on a clip's length: beyond it a clip is trimmed, with a warning.
    public static let maxDuration = 30.0
    public static let recommendedDuration = 3.0...10.0
    /// Below this peak the clip counts as silent (−60 dBFS).
    public static let silencePeak: Float = 0.001
    /// Below this peak the clip is quiet enough to warn about (−30 dBFS).
    public static let lowPeak: Float = 0.0316
    /// Samples at or above this magnitude count as clipped.
    static let clipLevel: Float = 0.999
    /// The fraction of clipped samples that earns a warning.
    static let clipFraction = 0.001

    public let path: String
    public let waveform: Waveform
    /// Length of the recording before any trimming, in seconds.
    public let originalDuration: Double
    public let warnings: [IntakeWarning]

    /// Reads `url` (any format `AudioFile` reads) and checks it. Only the first `maxDuration`
    /// seconds are read (default 30 s); a longer clip is trimmed with an `IntakeWarning.trimmed`.
    public init(contentsOf url: URL, maxDuration: Double = ReferenceClip.maxDuration) throws {
        let info = try AudioFile.info(url)
        let waveform = try AudioFile.read(url, maxDuration: maxDuration)
        try self.init(waveform: waveform, path: url.path, originalDuration: info.duration, maxDuration: maxDuration)
    }

    /// Checks audio already in memory; `path` names it in errors.
    public init(waveform: Waveform, path: String = "<audio>", originalDuration announced: Double? = nil,
                maxDuration: Double = ReferenceClip.maxDuration) throws {
        precondition(maxDuration >= Self.minDuration && maxDuration.isFinite, "a clip limit must be finite and at least \(Self.minDuration) s")
        self.path = path
        let original = announced ?? waveform.duration
        originalDuration = original
        var warnings: [IntakeWarning] = []
        var audio = waveform
        let limit = Int(maxDuration * Double(waveform.sampleRate))
        if audio.samples.count > limit { audio.samples.removeLast(audio.samples.count - limit) }
        if original > maxDuration + 1e-6 {
            warnings.append(.trimmed(originalSeconds: original, keptSeconds: maxDuration))
        }
        guard audio.duration >= Self.minDuration else {
            throw ReferenceClipError(path: path, kind: .tooShort,
                                     reason: String(format: "clip is %.2f s long; a reference clip needs at least %.0f s of speech", audio.duration, Self.minDuration))
        }
        guard audio.samples.allSatisfy(\.isFinite) else {
            throw AudioFileError(path: path, kind: .nonFiniteSamples, reason: "audio holds NaN or infinite samples")
        }
        let peak = audio.peak
        guard peak >= Self.silencePeak else {
            throw ReferenceClipError(path: path, kind: .silent,
                                     reason: String(format: "clip is silent (peak %.1f dBFS)", 20 * log10(max(Double(peak), 1e-12))))
        }
        if !Self.recommendedDuration.contains(audio.duration) {
            warnings.append(.unusualLength(seconds: audio.duration))
        }
        let clipped = audio.samples.lazy.filter { abs($0) >= Self.clipLevel }.count
        let fraction = Double(clipped) / Double(audio.samples.count)
        if fraction >= Self.clipFraction && clipped >= 3 {
            warnings.append(.clipping(fraction: fraction))
        }
        if peak < Self.lowPeak {
            warnings.append(.lowLevel(peakDBFS: 20 * log10(Double(peak))))
        }
        self.waveform = audio
        self.warnings = warnings
    }

    /// Length of the audio used, in seconds.
    public var duration: Double { waveform.duration }
}
