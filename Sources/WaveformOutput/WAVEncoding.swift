import Foundation

/// The sample formats a WAV file can be written in.
public enum WAVFormat: Sendable {
    /// 16-bit integer PCM, the default: what every player reads.
    case pcm16
    /// 32-bit IEEE float, lossless for the library's samples.
    case float32

    var bitsPerSample: Int { self == .pcm16 ? 16 : 32 }
    var formatTag: UInt16 { self == .pcm16 ? 1 : 3 }
}

public enum WAVError: Error, Sendable, Equatable, CustomStringConvertible {
    case tooLong(samples: Int)
    case writeFailed(path: String, reason: String)

    public var description: String {
        switch self {
        case let .tooLong(samples):
            return "\(samples) samples do not fit in a WAV file (4 GiB limit)"
        case let .writeFailed(path, reason):
            return "could not write \(path): \(reason)"
        }
    }
}

extension Waveform {
    /// The complete WAV file. PCM samples are clipped to [-1, 1] before conversion, so an
    /// overshoot saturates instead of wrapping around.
    public func wavData(format: WAVFormat = .pcm16) throws -> Data {
        let bytesPerSample = format.bitsPerSample / 8
        let dataBytes = samples.count * bytesPerSample
        guard dataBytes <= Int(UInt32.max) - 44 else { throw WAVError.tooLong(samples: samples.count) }
        var out = Data(capacity: 44 + dataBytes)
        out.append(contentsOf: Array("RIFF".utf8))
        out.appendLE(UInt32(36 + dataBytes))
        out.append(contentsOf: Array("WAVEfmt ".utf8))
        out.appendLE(UInt32(16))
        out.appendLE(format.formatTag)
        out.appendLE(UInt16(1))
        out.appendLE(UInt32(sampleRate))
        out.appendLE(UInt32(sampleRate * bytesPerSample))
        out.appendLE(UInt16(bytesPerSample))
        out.appendLE(UInt16(format.bitsPerSample))
        out.append(contentsOf: Array("data".utf8))
        out.appendLE(UInt32(dataBytes))
        switch format {
        case .pcm16:
            for s in samples { out.appendLE(UInt16(bitPattern: Self.pcm16(s))) }
        case .float32:
            for s in samples { out.appendLE(s.bitPattern) }
        }
        return out
    }

    /// Converts one sample to 16-bit PCM with rounding and saturation; NaN becomes silence.
    static func pcm16(_ s: Float) -> Int16 {
        guard !s.isNaN else { return 0 }
        let clipped = min(max(s, -1), 1)
        return Int16((clipped * 32767).rounded())
    }

    /// Writes the WAV file atomically: the bytes go to a temporary file in the same folder, which is
    /// then renamed over `url`, so a crash never leaves a half-written output behind.
    public func write(to url: URL, format: WAVFormat = .pcm16) throws {
        let data = try wavData(format: format)
        do {
            try data.write(to: url, options: .atomic)
        } catch {
            throw WAVError.writeFailed(path: url.path, reason: error.localizedDescription)
        }
    }
}

extension Data {
    mutating func appendLE<T: FixedWidthInteger>(_ value: T) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}
